//! Reading the files a hospital already has about its network into seen devices (and Windows
//! update status): nmap XML, DHCP leases (ISC `dhcpd.leases`, the Windows DHCP server's CSV),
//! ARP tables, the Active Directory computer export, a Windows inventory CSV, `Get-HotFix` and
//! WSUS. The kind of file is told from its content. `docs/discovery.md` describes each.

mod exports;
mod nmap;
mod nmap_blocks;
mod text;
mod text_formats;

pub use exports::export_day;
pub use text::decode;

use iryosec_core::Message;
use iryosec_core::discovery::SeenDevice;
use iryosec_core::discovery::updates::MachineUpdates;
use serde::Serialize;
use std::io::BufRead;

/// What a file was taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Nmap,
    DhcpLeases,
    DhcpCsv,
    Arp,
    AdComputers,
    Inventory,
    HotFix,
    Wsus,
}

impl FileKind {
    pub fn message_key(self) -> &'static str {
        match self {
            FileKind::Nmap => "discovery.kind.nmap",
            FileKind::DhcpLeases => "discovery.kind.dhcp_leases",
            FileKind::DhcpCsv => "discovery.kind.dhcp_csv",
            FileKind::Arp => "discovery.kind.arp",
            FileKind::AdComputers => "discovery.kind.ad_computers",
            FileKind::Inventory => "discovery.kind.inventory",
            FileKind::HotFix => "discovery.kind.hotfix",
            FileKind::Wsus => "discovery.kind.wsus",
        }
    }
}

/// A file that could not be read, with the line where that showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: String,
    pub line: Option<u64>,
    pub message: Message,
}

impl FileError {
    pub fn at(file: &str, line: u64, message: Message) -> FileError {
        FileError { file: file.to_owned(), line: Some(line), message }
    }

    fn whole(file: &str, message: Message) -> FileError {
        FileError { file: file.to_owned(), line: None, message }
    }
}

/// What one file showed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileRead {
    pub devices: Vec<SeenDevice>,
    pub updates: Vec<MachineUpdates>,
}

/// Reads one file of any of the kinds, telling the kind from the content: nmap's XML is read as
/// a stream, the others (small exports) whole.
pub fn read(file: &str, mut input: impl BufRead + Send) -> Result<(FileKind, FileRead), FileError> {
    let io_error = |e: std::io::Error| {
        FileError::whole(file, Message::new("discovery.error.read").arg("detail", e.to_string()))
    };
    let head = input.fill_buf().map_err(io_error)?;
    if looks_like_xml(head) {
        let mut devices = Vec::new();
        nmap_blocks::read(file, input, &mut |d| devices.push(d))?;
        return Ok((FileKind::Nmap, FileRead { devices, updates: Vec::new() }));
    }
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(io_error)?;
    read_text(file, &bytes)
}

/// nmap's XML, handing each host on as it is read (for scans too large to hold twice).
pub fn read_nmap(
    file: &str,
    input: impl BufRead + Send,
    found: &mut dyn FnMut(SeenDevice),
) -> Result<(), FileError> {
    nmap_blocks::read(file, input, found)
}

fn looks_like_xml(head: &[u8]) -> bool {
    let start = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let trimmed = start.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |i| &start[i..]);
    trimmed.starts_with(b"<?xml")
        || trimmed.starts_with(b"<nmaprun")
        || trimmed.starts_with(b"<!DOCTYPE nmaprun")
}

fn read_text(file: &str, bytes: &[u8]) -> Result<(FileKind, FileRead), FileError> {
    let text = decode(bytes).map_err(|(line, m)| FileError::at(file, line, m))?;
    if text.trim().is_empty() {
        return Err(FileError::whole(file, Message::new("io.error.empty_file")));
    }
    if text_formats::is_leases(&text) {
        let devices = text_formats::leases(file, &text)?;
        return Ok((FileKind::DhcpLeases, FileRead { devices, updates: Vec::new() }));
    }
    if let Some(csv) = exports::Csv::parse(&text)
        && let Some(kind) = csv.kind()
    {
        let devices = if matches!(kind, FileKind::HotFix | FileKind::Wsus) {
            Vec::new()
        } else {
            exports::devices(file, &csv, kind)
        };
        let updates = exports::updates(file, &csv, kind)?;
        return Ok((kind, FileRead { devices, updates }));
    }
    if text_formats::is_arp(&text) {
        return Ok((
            FileKind::Arp,
            FileRead { devices: text_formats::arp(file, &text), updates: Vec::new() },
        ));
    }
    Err(FileError::whole(file, Message::new("discovery.error.unknown_kind")))
}

#[cfg(test)]
mod tests;
