//! `iryosec admin create` and `iryosec admin reset-password`.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use crate::secret;
use clap::{Args, Subcommand};
use iryosec_app::setup::AdminInput;
use iryosec_app::{App, AppError, SessionPolicy, SystemClock};
use iryosec_core::FieldError;
use iryosec_core::audit::Actor;
use iryosec_core::institution::InstitutionInput;
use iryosec_core::user::LoginId;

use std::process::ExitCode;
use std::sync::Arc;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// 医療機関と最初の管理者を登録する (register an institution and its first administrator)
    Create(CreateOpts),
    /// 管理者などのパスワードを再設定し、ロックを解除する (set a new password, clear a lockout)
    ResetPassword(ResetOpts),
}

#[derive(Args)]
pub struct CreateOpts {
    /// 医療機関の名称 (institution name)
    #[arg(long)]
    institution_name: String,
    /// 種別: hospital(病院) clinic(診療所) dental_clinic(歯科診療所) pharmacy(薬局)
    #[arg(long)]
    kind: String,
    /// 都道府県 (name or JIS code, e.g. 東京都 or 13)
    #[arg(long)]
    prefecture: String,
    /// 病床数 (beds; hospitals)
    #[arg(long, default_value = "")]
    beds: String,
    /// 医療機関コード (7 or 10 digits)
    #[arg(long, default_value = "")]
    medical_code: String,
    /// 管理者のログインID (administrator's login id)
    #[arg(long)]
    login_id: String,
    /// 管理者の氏名 (administrator's name)
    #[arg(long, default_value = "")]
    display_name: String,
    /// パスワードを標準入力の1行から読む (read the password from stdin)
    #[arg(long)]
    password_stdin: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ResetOpts {
    /// 対象のログインID (login id)
    #[arg(long)]
    login_id: String,
    /// パスワードを標準入力の1行から読む (read the password from stdin)
    #[arg(long)]
    password_stdin: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

async fn open(global: &GlobalOpts, out: &Out) -> Result<App, CliError> {
    let r = config::resolve(global, false, out)?;
    if matches!(r.database, iryosec_store::DatabaseUrl::Sqlite(_)) {
        config::prepare_data_dir(&r.data_dir, out)?;
    }
    let store = crate::audit_key::open_for_writing(&r, out).await?;
    Ok(App::new(Arc::new(store), Arc::new(SystemClock), SessionPolicy::default()))
}

/// "--beds: 病院は20床以上です。" for each problem, naming the flag.
fn field_errors(out: &Out, errors: &[FieldError]) -> CliError {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| {
            let flag = match e.field {
                "name" => "institution-name".to_owned(),
                "password_confirm" => "password".to_owned(),
                other => other.replace('_', "-"),
            };
            format!("  --{flag}: {}", out.lang.tr_args(e.message.key, &e.message.args))
        })
        .collect();
    CliError::unusable(format!("{}\n{}", out.t("common.form_has_errors"), lines.join("\n")))
}

pub async fn run(global: &GlobalOpts, cmd: AdminCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        AdminCommand::Create(o) => create(global, o, out).await,
        AdminCommand::ResetPassword(o) => reset(global, o, out).await,
    }
}

async fn create(global: &GlobalOpts, o: CreateOpts, out: &Out) -> Result<ExitCode, CliError> {
    let institution = InstitutionInput {
        name: o.institution_name,
        kind: o.kind,
        prefecture: o.prefecture,
        beds: o.beds,
        medical_code: o.medical_code,
    };
    // Check the fields before asking for a password, so typos surface first.
    if let Err(errors) = institution.parse() {
        return Err(field_errors(out, &errors));
    }
    let app = open(global, out).await?;
    let (password, password_confirm) = secret::new_password(o.password_stdin, out)?;
    let admin = AdminInput { login_id: o.login_id, display_name: o.display_name, password, password_confirm };
    let lang = out.lang.code();
    let created =
        app.create_institution(&institution, &admin, lang, false, &Actor::cli("admin create")).await;
    let (inst, user) = match created {
        Ok(done) => done,
        Err(AppError::Invalid(errors)) => return Err(field_errors(out, &errors)),
        Err(e) => return Err(out.app_failure(&e)),
    };
    match o.format {
        Format::Json => out.json(&serde_json::json!({
            "institution_id": inst.id.get(), "user_id": user.id.get(), "login_id": user.login_id.as_str(),
        })),
        Format::Text => out.line(&out.t_args(
            "cli.admin_created",
            &[("institution", inst.profile.name), ("login", user.login_id.to_string())],
        )),
    }
    Ok(ExitCode::SUCCESS)
}

async fn reset(global: &GlobalOpts, o: ResetOpts, out: &Out) -> Result<ExitCode, CliError> {
    let app = open(global, out).await?;
    let unknown = || CliError::unusable(out.t_args("cli.no_such_login", &[("login", o.login_id.clone())]));
    let login = LoginId::parse(&o.login_id).map_err(|_| unknown())?;
    let user =
        app.user_by_login(&login).await.map_err(|e| config::app_store_error(out, &e))?.ok_or_else(unknown)?;
    let (password, confirm) = secret::new_password(o.password_stdin, out)?;
    let actor = Actor::cli("admin reset-password");
    match app.reset_password(user.institution_id, user.id, &password, &confirm, &actor).await {
        Ok(()) => {}
        Err(AppError::Invalid(errors)) => return Err(field_errors(out, &errors)),
        Err(e) => return Err(out.app_failure(&e)),
    }
    match o.format {
        Format::Json => {
            out.json(&serde_json::json!({ "login_id": login.as_str(), "disabled": user.disabled }))
        }
        Format::Text => out.line(&out.t_args("cli.password_reset", &[("login", login.to_string())])),
    }
    if user.disabled {
        out.note(&out.t("cli.account_disabled_note"));
    }
    Ok(ExitCode::SUCCESS)
}
