//! nmap's XML output (`nmap -oX`, with `-sV` services and `-O` operating systems where present),
//! read as a stream: one host at a time, so a /16 scan of hundreds of megabytes needs no more
//! memory than the devices it finds.

use super::FileError;
use super::text::LineCounter;
use iryosec_core::Message;
use iryosec_core::discovery::{OpenPort, Protocol, SeenAt, SeenDevice, normalise_mac, with_vendor};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;
use time::{Date, OffsetDateTime, UtcOffset};

/// The host being read, and which part of it.
#[derive(Default)]
struct HostState {
    device: SeenDevice,
    up: bool,
    line: u64,
    /// The port being read (its service and scripts follow its start tag).
    port: Option<(OpenPort, bool)>,
    os_accuracy: u32,
}

/// Calls `found` with every host that was up, in file order. A file that is not nmap's XML,
/// or ends before `</nmaprun>`, is refused naming the line.
pub fn read(file: &str, input: impl BufRead, found: &mut dyn FnMut(SeenDevice)) -> Result<(), FileError> {
    let mut reader = quick_xml::Reader::from_reader(LineCounter::new(input));
    reader.config_mut().trim_text(true);
    let mut buf = Vec::with_capacity(1024);
    let mut host: Option<HostState> = None;
    let (mut started, mut finished) = (false, false);
    let mut scan_day: Option<Date> = None;
    loop {
        let event = reader.read_event_into(&mut buf);
        let line = reader.get_ref().line();
        let fail = |m: Message| FileError::at(file, line, m);
        match event.map_err(|e| fail(Message::new("discovery.error.xml").arg("detail", e.to_string())))? {
            Event::Start(e) | Event::Empty(e) if !started => {
                if e.name().as_ref() != "nmaprun" {
                    return Err(fail(Message::new("discovery.error.not_nmap")));
                }
                started = true;
                scan_day = attr(&e, "start").and_then(|s| day(&s));
            }
            Event::Start(e) => open(&e, &mut host, line, scan_day),
            Event::Empty(e) => {
                open(&e, &mut host, line, scan_day);
                close(e.name().as_ref(), &mut host, file, found);
            }
            Event::End(e) => {
                if e.name().as_ref() == "nmaprun" {
                    finished = true;
                }
                close(e.name().as_ref(), &mut host, file, found);
            }
            Event::Eof if !finished => {
                let key = if started { "discovery.error.truncated" } else { "discovery.error.not_nmap" };
                return Err(fail(Message::new(key)));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// A start (or empty) tag inside the scan.
fn open(e: &BytesStart, host: &mut Option<HostState>, line: u64, scan_day: Option<Date>) {
    let name = e.name();
    if name.as_ref() == "host" {
        let seen_on = attr(e, "starttime").and_then(|s| day(&s)).or(scan_day);
        *host = Some(HostState {
            device: SeenDevice { seen_on, ..SeenDevice::default() },
            line,
            ..HostState::default()
        });
        return;
    }
    let Some(h) = host.as_mut() else { return };
    match name.as_ref() {
        "status" => h.up = attr(e, "state").as_deref() == Some("up"),
        "address" => address(e, &mut h.device),
        "hostname" if h.device.hostname.is_empty() => h.device.hostname = attr(e, "name").unwrap_or_default(),
        "port" => {
            let protocol =
                if attr(e, "protocol").as_deref() == Some("udp") { Protocol::Udp } else { Protocol::Tcp };
            let port = attr(e, "portid").and_then(|p| p.parse().ok()).unwrap_or(0);
            h.port = Some((
                OpenPort {
                    port,
                    protocol,
                    service: String::new(),
                    product: String::new(),
                    version: String::new(),
                    tls: false,
                    smb1: false,
                },
                false,
            ));
        }
        "state" => {
            if let Some((_, open)) = h.port.as_mut() {
                *open = attr(e, "state").as_deref() == Some("open");
            }
        }
        "service" => {
            if let Some((p, _)) = h.port.as_mut() {
                p.service = attr(e, "name").unwrap_or_default();
                p.product = attr(e, "product").unwrap_or_default();
                p.version = attr(e, "version").unwrap_or_default();
                p.tls = attr(e, "tunnel").as_deref() == Some("ssl") || p.service == "https";
            }
        }
        "script" => script(e, h),
        "osmatch" => {
            let accuracy = attr(e, "accuracy").and_then(|a| a.parse().ok()).unwrap_or(0);
            if accuracy > h.os_accuracy {
                h.os_accuracy = accuracy;
                h.device.os = attr(e, "name").unwrap_or_default();
            }
        }
        _ => {}
    }
}

/// SMB version 1, as nmap's `smb-protocols` script reports it (on the port or the host).
fn script(e: &BytesStart, h: &mut HostState) {
    if attr(e, "id").as_deref() != Some("smb-protocols") {
        return;
    }
    let output = attr(e, "output").unwrap_or_default();
    if !(output.contains("NT LM 0.12") || output.contains("SMBv1")) {
        return;
    }
    match h.port.as_mut() {
        Some((p, _)) => p.smb1 = true,
        None => {
            if let Some(p) = h.device.ports.iter_mut().find(|p| p.port == 445 || p.port == 139) {
                p.smb1 = true;
            }
        }
    }
}

fn address(e: &BytesStart, d: &mut SeenDevice) {
    let addr = attr(e, "addr").unwrap_or_default();
    match attr(e, "addrtype").as_deref() {
        Some("mac") => {
            d.mac = normalise_mac(&addr).unwrap_or_default();
            d.vendor = attr(e, "vendor").unwrap_or_default();
        }
        _ if d.ip.is_empty() => d.ip = addr,
        _ => {}
    }
}

fn close(name: &str, host: &mut Option<HostState>, file: &str, found: &mut dyn FnMut(SeenDevice)) {
    match name {
        "port" => {
            if let Some(h) = host.as_mut()
                && let Some((p, open)) = h.port.take()
                && open
            {
                h.device.ports.push(p);
            }
        }
        "host" => {
            if let Some(mut h) = host.take()
                && h.up
            {
                h.device.seen_in.push(SeenAt { file: file.to_owned(), line: h.line });
                found(with_vendor(h.device));
            }
        }
        _ => {}
    }
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// A Unix time in seconds as the day in Japan.
fn day(seconds: &str) -> Option<Date> {
    let t = OffsetDateTime::from_unix_timestamp(seconds.parse().ok()?).ok()?;
    Some(t.to_offset(UtcOffset::from_hms(9, 0, 0).ok()?).date())
}
