//! The CSV exports Windows administrators make with PowerShell: the DHCP server's leases
//! (`Get-DhcpServerv4Lease | Export-Csv`), the Active Directory computers (`Get-ADComputer
//! -Properties OperatingSystem,OperatingSystemVersion,LastLogonDate,IPv4Address`), an
//! inventory (host name, OS, build, last update), `Get-HotFix` and WSUS computer reports.
//! Columns are found by header; `#TYPE` lines are skipped.

use super::{FileError, FileKind};
use crate::table::header_key;
use iryosec_core::Message;
use iryosec_core::date::parse_date;
use iryosec_core::discovery::updates::MachineUpdates;
use iryosec_core::discovery::{SeenAt, SeenDevice, normalise_mac, short_hostname, with_vendor};
use std::collections::BTreeMap;
use time::{Date, Month};

/// Every record with the line it starts on; a record that cannot be read ends the file there.
fn csv_records(text: &str) -> Vec<(u64, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .map_while(Result::ok)
        .map(|r| (r.position().map_or(0, csv::Position::line), r.iter().map(str::to_owned).collect()))
        .collect()
}

/// A CSV with its header found.
pub struct Csv {
    headers: Vec<String>,
    /// Line number (1-based) and cells of each data row.
    rows: Vec<(u64, Vec<String>)>,
}

impl Csv {
    pub fn parse(text: &str) -> Option<Csv> {
        let mut rows = csv_records(text).into_iter().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
        let (_, mut header) = rows.next()?;
        if header.first().is_some_and(|c| c.starts_with("#TYPE")) {
            header = rows.next()?.1;
        }
        let headers = header.iter().map(|h| header_key(h)).collect();
        Some(Csv { headers, rows: rows.collect() })
    }

    fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.headers.iter().position(|h| h == n))
    }

    fn has(&self, names: &[&str]) -> bool {
        self.column(names).is_some()
    }

    /// Which export this is, by its headers.
    pub fn kind(&self) -> Option<FileKind> {
        if self.has(HOTFIX_ID) && self.has(INSTALLED_ON) {
            Some(FileKind::HotFix)
        } else if self.has(&["ipaddress"]) && self.has(&["clientid"]) {
            Some(FileKind::DhcpCsv)
        } else if self.has(&["operatingsystem"])
            && (self.has(&["ipv4address"]) || self.has(&["lastlogondate"]))
        {
            Some(FileKind::AdComputers)
        } else if self.has(WSUS_NAME)
            && (self.has(NEEDED) || self.has(FAILED) || self.has(&["lastreportedstatustime"]))
        {
            Some(FileKind::Wsus)
        } else if self.has(HOST) && self.has(OS) {
            Some(FileKind::Inventory)
        } else {
            None
        }
    }

    fn cell<'a>(&self, row: &'a [String], column: Option<usize>) -> &'a str {
        column.and_then(|c| row.get(c)).map_or("", |s| s.trim())
    }
}

const HOST: &[&str] =
    &["hostname", "computername", "ホスト名", "コンピュータ名", "コンピューター名", "名前", "name", "csname"];
const OS: &[&str] = &["os", "osname", "caption", "operatingsystem", "os名"];
const BUILD: &[&str] = &["build", "osbuild", "buildnumber", "version", "osversion", "ビルド", "バージョン"];
const LAST_UPDATE: &[&str] = &["lastupdate", "lastupdated", "最終更新日", "最終更新", "更新日"];
const IP: &[&str] = &["ipaddress", "ipv4address", "ip", "ipアドレス"];
const MAC: &[&str] = &["macaddress", "mac", "macアドレス"];
const HOTFIX_ID: &[&str] = &["hotfixid"];
const INSTALLED_ON: &[&str] = &["installedon"];
const WSUS_NAME: &[&str] =
    &["fulldomainname", "computername", "computer", "コンピューター名", "コンピュータ名"];
const NEEDED: &[&str] = &["neededcount", "needed", "notinstalledcount", "未適用"];
const FAILED: &[&str] = &["failedcount", "failed", "失敗"];

fn at(file: &str, line: u64) -> Vec<SeenAt> {
    vec![SeenAt { file: file.to_owned(), line }]
}

/// Seen devices from a DHCP, AD or inventory export.
pub fn devices(file: &str, csv: &Csv, kind: FileKind) -> Vec<SeenDevice> {
    let (host, ip, mac) = match kind {
        FileKind::DhcpCsv => {
            (csv.column(&["hostname"]), csv.column(&["ipaddress"]), csv.column(&["clientid"]))
        }
        FileKind::AdComputers => (csv.column(&["dnshostname", "name"]), csv.column(&["ipv4address"]), None),
        _ => (csv.column(HOST), csv.column(IP), csv.column(MAC)),
    };
    let os = csv.column(OS);
    let version = match kind {
        FileKind::AdComputers => csv.column(&["operatingsystemversion"]),
        _ => csv.column(BUILD),
    };
    let when = match kind {
        FileKind::AdComputers => csv.column(&["lastlogondate"]),
        FileKind::DhcpCsv => None,
        _ => csv.column(LAST_UPDATE),
    };
    csv.rows
        .iter()
        .map(|(n, row)| {
            with_vendor(SeenDevice {
                ip: csv.cell(row, ip).to_owned(),
                mac: normalise_mac(csv.cell(row, mac)).unwrap_or_default(),
                hostname: csv.cell(row, host).to_owned(),
                os: csv.cell(row, os).to_owned(),
                os_version: csv.cell(row, version).to_owned(),
                seen_on: export_day(csv.cell(row, when)),
                seen_in: at(file, *n),
                ..SeenDevice::default()
            })
        })
        .filter(|d| !(d.ip.is_empty() && d.mac.is_empty() && d.hostname.is_empty()))
        .collect()
}

/// Update status per machine from Get-HotFix rows (one per update), a WSUS report or an
/// inventory's last-update column.
pub fn updates(file: &str, csv: &Csv, kind: FileKind) -> Result<Vec<MachineUpdates>, FileError> {
    match kind {
        FileKind::HotFix => hotfixes(file, csv),
        FileKind::Wsus => Ok(per_row(
            file,
            csv,
            csv.column(WSUS_NAME),
            csv.column(&["lastreportedstatustime", "lastsynctime", "lastupdated"]),
        )),
        FileKind::Inventory => Ok(per_row(file, csv, csv.column(HOST), csv.column(LAST_UPDATE))),
        _ => Ok(Vec::new()),
    }
}

fn hotfixes(file: &str, csv: &Csv) -> Result<Vec<MachineUpdates>, FileError> {
    let host = csv.column(&["source", "csname", "computername", "pscomputername"]);
    let installed = csv.column(INSTALLED_ON);
    let mut by_host: BTreeMap<String, MachineUpdates> = BTreeMap::new();
    for (n, row) in &csv.rows {
        let name = csv.cell(row, host);
        if name.is_empty() {
            return Err(FileError::at(
                file,
                *n,
                Message::new("discovery.error.no_host").arg("column", "Source"),
            ));
        }
        let day = export_day(csv.cell(row, installed));
        let m = by_host.entry(short_hostname(name)).or_insert_with(|| MachineUpdates {
            host: name.to_owned(),
            last_update: None,
            installed: 0,
            needed: None,
            failed: None,
            seen_in: SeenAt { file: file.to_owned(), line: *n },
        });
        m.installed += 1;
        m.last_update = m.last_update.max(day);
    }
    Ok(by_host.into_values().collect())
}

fn per_row(file: &str, csv: &Csv, host: Option<usize>, when: Option<usize>) -> Vec<MachineUpdates> {
    let count = |row: &[String], names: &[&str]| csv.cell(row, csv.column(names)).parse::<u32>().ok();
    csv.rows
        .iter()
        .filter(|(_, row)| !csv.cell(row, host).is_empty())
        .filter(|(_, row)| when.is_some() || count(row, NEEDED).is_some())
        .map(|(n, row)| MachineUpdates {
            host: csv.cell(row, host).to_owned(),
            last_update: export_day(csv.cell(row, when)),
            installed: 0,
            needed: count(row, NEEDED),
            failed: count(row, FAILED),
            seen_in: SeenAt { file: file.to_owned(), line: *n },
        })
        .collect()
}

/// The day of a date and time as PowerShell writes it: `2025/05/16 9:12:33` on Japanese
/// Windows, `5/16/2025 9:12:33 AM` on English Windows.
pub fn export_day(text: &str) -> Option<Date> {
    let first = text.split_whitespace().next()?;
    if let Ok(d) = parse_date(first) {
        return Some(d);
    }
    let parts: Vec<&str> = first.split('/').collect();
    let [m, d, y] = parts.as_slice() else { return None };
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}
