//! The `iryosec` binary: every command of the product. Each command is a module; this file
//! only declares them and turns their outcome into an exit code (0 done, 1 a check failed,
//! 2 the input or configuration is unusable).

mod account_record;
mod accounts;
mod admin;
mod aggregate;
mod assessment;
mod audit;
mod audit_key;
mod backup;
mod config;
mod definition_files;
mod definition_workbook;
mod definitions;
mod discover;
mod evidence;
mod ledger;
mod ledger_report;
mod lifecycle;
mod output;
mod registers;
mod roles;
mod secret;
mod serve;
mod survey;
mod survey_answers;
mod witness;

use clap::{Parser, Subcommand};
use output::{CliError, Out};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "iryosec",
    version,
    about = "医療機関・薬局のサイバーセキュリティ対策ツール (cybersecurity duties of Japanese medical institutions)"
)]
struct Cli {
    #[command(flatten)]
    global: config::GlobalOpts,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Web UI を起動する (start the web UI; 127.0.0.1:8080 by default)
    Serve(serve::ServeOpts),
    /// デモデータ入りで起動する (= serve --demo, in ./iryosec-demo)
    Demo(serve::ServeOpts),
    /// 管理者アカウントの作成とパスワード再設定 (administrators)
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// 自己点検 (the yearly checklist self-assessment)
    #[command(subcommand)]
    Assessment(assessment::AssessmentCommand),
    /// 情報機器台帳 (the asset ledger)
    #[command(subcommand)]
    Ledger(ledger::LedgerCommand),
    /// ネットワークの機器（nmap・DHCP・ARP・AD など）と台帳の照合 (network discovery against the ledger)
    #[command(subcommand)]
    Discover(discover::DiscoverCommand),
    /// サポート終了日と悪用が確認された脆弱性のデータ (end of support and known-exploited flaws)
    #[command(subcommand)]
    Lifecycle(lifecycle::LifecycleCommand),
    /// 医療情報システム・事業者・バックアップ・復元テスト・連絡体制図 (the other registers)
    #[command(subcommand)]
    Registers(registers::RegistersCommand),
    /// 台帳から見た各項目の回答の提案（はい／いいえ／判断材料不足と理由）(suggested answers)
    Evidence(evidence::EvidenceOpts),
    /// アカウント点検（review はファイルだけで動く。record はデータベースに記録）(account review)
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// チェックリストの版（定義）(checklist editions)
    #[command(subcommand)]
    Definitions(definitions::DefinitionsCommand),
    /// 役割別チェックリスト（経営層・システム管理者・職員・9領域）の定義 (role checklists)
    #[command(subcommand)]
    Roles(roles::RolesCommand),
    /// G-MIS 調査の版と回答ファイルの検査（ファイルだけで動く）(the ministry's G-MIS survey)
    #[command(subcommand)]
    Survey(survey::SurveyCommand),
    /// 多数の医療機関の調査回答・自己点検の集計（ファイルだけで動く）(aggregate many institutions' bundles)
    Aggregate(aggregate::AggregateOpts),
    /// 監査ログ (audit log)
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// 稼働中でも一貫したバックアップを書き出す (write a consistent backup, also while serving)
    Backup(backup::BackupOpts),
    /// バックアップから空のデータフォルダへ復元する (restore a backup into an empty data folder)
    Restore(backup::RestoreOpts),
    /// serve が使う設定を表示する（serve と同じ指定を受け付ける）(the settings serve would use; secrets hidden)
    Config(serve::ServeOpts),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    config::init_logging();
    output::install_panic_hook(cli.global.lang());
    let place = data_place(&cli, &Out::new(cli.global.lang()));
    let out = Out::new(cli.global.lang()).with_data_place(place);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return out.fail(&CliError::unusable(format!("tokio: {e}"))),
    };
    let result = runtime.block_on(run(cli, &out));
    match result {
        Ok(code) => code,
        Err(e) => out.fail(&e),
    }
}

/// Where this command's data is written, for messages about a full or read-only disk; `None`
/// when the configuration is unusable (the command itself then says why).
fn data_place(cli: &Cli, out: &Out) -> Option<String> {
    let demo = match &cli.command {
        Command::Demo(_) => true,
        Command::Serve(opts) => opts.demo,
        _ => false,
    };
    config::resolve(&cli.global, demo, out).ok().map(|r| r.database.place())
}

async fn run(cli: Cli, out: &Out) -> Result<ExitCode, CliError> {
    let global = cli.global;
    match cli.command {
        Command::Serve(opts) => serve::run(&global, opts, out).await,
        Command::Demo(mut opts) => {
            opts.demo = true;
            serve::run(&global, opts, out).await
        }
        Command::Admin(cmd) => admin::run(&global, cmd, out).await,
        Command::Audit(cmd) => audit::run(&global, cmd, out).await,
        Command::Definitions(cmd) => definitions::run(&global, cmd, out).await,
        Command::Roles(cmd) => roles::run(&global, cmd, out).await,
        Command::Assessment(cmd) => assessment::run(&global, cmd, out).await,
        Command::Ledger(cmd) => ledger::run(&global, cmd, out).await,
        Command::Registers(cmd) => registers::run(&global, cmd, out).await,
        Command::Discover(cmd) => discover::run(&global, cmd, out).await,
        Command::Lifecycle(cmd) => lifecycle::run(&global, cmd, out).await,
        Command::Accounts(cmd) => accounts::run(&global, cmd, out).await,
        Command::Survey(cmd) => survey::run(&global, cmd, out).await,
        Command::Aggregate(opts) => aggregate::run(opts, out),
        Command::Evidence(opts) => evidence::run(&global, opts, out).await,
        Command::Backup(opts) => backup::backup(&global, opts, out).await,
        Command::Restore(opts) => backup::restore(&global, opts, out).await,
        Command::Config(opts) => config::show(&global, &opts, out),
    }
}
