//! nmap's XML output (`nmap -oX`, with `-sV` services and `-O` operating systems where present):
//! the hosts of one block of the file (see `nmap_blocks`) parsed in place, each tag's attributes
//! read once and unescaped only when kept.

use super::FileError;
use super::nmap_blocks::Block;
use iryosec_core::Message;
use iryosec_core::discovery::{OpenPort, Protocol, SeenAt, SeenDevice, normalise_mac, with_vendor};
use quick_xml::XmlVersion;
use quick_xml::errors::IllFormedError;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
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

/// What one block showed: its devices, whether it opened or closed the scan, the scan's day
/// (first block), the line it ended on, and the first problem in it.
pub struct Parsed {
    pub devices: Vec<SeenDevice>,
    pub started: bool,
    pub finished: bool,
    pub scan_day: Option<Date>,
    pub last_line: u64,
    pub error: Option<FileError>,
}

/// Parses one block in place. The first block must open the scan (`<nmaprun>`); the others hold
/// hosts whose parent element opened in an earlier block.
pub fn parse_block(file: &str, block: std::io::Result<Block>) -> Parsed {
    let mut p = Parsed {
        devices: Vec::new(),
        started: false,
        finished: false,
        scan_day: None,
        last_line: 1,
        error: None,
    };
    match block {
        Ok(block) => {
            p.started = !block.first;
            p.last_line = block.first_line;
            if let Err(e) = p.parse(file, &block) {
                p.error = Some(e);
            }
        }
        Err(e) => {
            let m = Message::new("discovery.error.read").arg("detail", e.to_string());
            p.error = Some(FileError { file: file.to_owned(), line: None, message: m });
        }
    }
    p
}

impl Parsed {
    fn parse(&mut self, file: &str, block: &Block) -> Result<(), FileError> {
        let mut reader = quick_xml::Reader::from_reader(block.bytes.as_slice());
        reader.config_mut().trim_text(true);
        reader.config_mut().check_end_names = false;
        let mut lines = Lines { bytes: &block.bytes, at: 0, line: block.first_line };
        let mut host: Option<HostState> = None;
        let mut found = |d: SeenDevice| self.devices.push(d);
        loop {
            let event = reader.read_event();
            let line = lines.at(reader.buffer_position());
            self.last_line = line;
            let fail = |m: Message| FileError::at(file, line, m);
            let event = match event {
                // The scan's closing tag, in a later block than its opening one.
                Err(quick_xml::Error::IllFormed(IllFormedError::UnmatchedEndTag(name)))
                    if name == "nmaprun" =>
                {
                    self.finished = true;
                    continue;
                }
                other => other,
            };
            match event.map_err(|e| fail(Message::new("discovery.error.xml").arg("detail", e.to_string())))? {
                Event::Start(e) | Event::Empty(e) if !self.started => {
                    if e.name().as_ref() != "nmaprun" {
                        return Err(fail(Message::new("discovery.error.not_nmap")));
                    }
                    self.started = true;
                    each_attr(&e, |k, v| {
                        if k == "start" {
                            self.scan_day = day(&v.text());
                        }
                    });
                }
                Event::Start(e) => open(&e, &mut host, line),
                Event::Empty(e) => {
                    open(&e, &mut host, line);
                    close(e.name().as_ref(), &mut host, file, &mut found);
                }
                Event::End(e) => {
                    if e.name().as_ref() == "nmaprun" {
                        self.finished = true;
                    }
                    close(e.name().as_ref(), &mut host, file, &mut found);
                }
                Event::Eof if host.is_some() => return Err(fail(Message::new("discovery.error.truncated"))),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

/// Line numbers within a block, counted forward as the parse moves on.
struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of byte `position` (a file's closing newline starts no line of its own).
    fn at(&mut self, position: u64) -> u64 {
        let end = usize::try_from(position).unwrap_or(usize::MAX).min(self.bytes.len());
        let end = if end == self.bytes.len() { self.bytes.trim_ascii_end().len() } else { end };
        if end > self.at {
            self.line += memchr::memchr_iter(b'\n', &self.bytes[self.at..end]).count() as u64;
            self.at = end;
        }
        self.line
    }
}

/// A start (or empty) tag inside the scan. Each tag's attributes are read once.
fn open(e: &BytesStart, host: &mut Option<HostState>, line: u64) {
    let name = e.name();
    if name.as_ref() == "host" {
        // Hosts without their own start time take the scan's, filled in by the caller.
        let mut seen_on = None;
        each_attr(e, |k, v| {
            if k == "starttime" {
                seen_on = day(&v.text());
            }
        });
        *host = Some(HostState {
            device: SeenDevice { seen_on, ..SeenDevice::default() },
            line,
            ..HostState::default()
        });
        return;
    }
    let Some(h) = host.as_mut() else { return };
    match name.as_ref() {
        "status" => each_attr(e, |k, v| {
            if k == "state" {
                h.up = v.is("up");
            }
        }),
        "address" => address(e, &mut h.device),
        "hostname" if h.device.hostname.is_empty() => each_attr(e, |k, v| {
            if k == "name" {
                h.device.hostname = v.owned();
            }
        }),
        "port" => {
            let mut port = OpenPort {
                port: 0,
                protocol: Protocol::Tcp,
                service: String::new(),
                product: String::new(),
                version: String::new(),
                tls: false,
                smb1: false,
            };
            each_attr(e, |k, v| match k {
                "protocol" if v.is("udp") => port.protocol = Protocol::Udp,
                "portid" => port.port = v.text().parse().unwrap_or(0),
                _ => {}
            });
            h.port = Some((port, false));
        }
        "state" => {
            if let Some((_, open)) = h.port.as_mut() {
                each_attr(e, |k, v| {
                    if k == "state" {
                        *open = v.is("open");
                    }
                });
            }
        }
        "service" => {
            if let Some((p, _)) = h.port.as_mut() {
                each_attr(e, |k, v| match k {
                    "name" => p.service = v.owned(),
                    "product" => p.product = v.owned(),
                    "version" => p.version = v.owned(),
                    "tunnel" => p.tls |= v.is("ssl"),
                    _ => {}
                });
                p.tls |= p.service == "https";
            }
        }
        "script" => script(e, h),
        "osmatch" => {
            let (mut accuracy, mut os) = (0, None);
            each_attr(e, |k, v| match k {
                "accuracy" => accuracy = v.text().parse().unwrap_or(0),
                "name" => os = Some(v.owned()),
                _ => {}
            });
            if accuracy > h.os_accuracy {
                h.os_accuracy = accuracy;
                h.device.os = os.unwrap_or_default();
            }
        }
        _ => {}
    }
}

/// SMB version 1, as nmap's `smb-protocols` script reports it (on the port or the host).
fn script(e: &BytesStart, h: &mut HostState) {
    let (mut id, mut smb1) = (false, false);
    each_attr(e, |k, v| match k {
        "id" => id = v.is("smb-protocols"),
        "output" => smb1 = v.text().contains("NT LM 0.12") || v.text().contains("SMBv1"),
        _ => {}
    });
    if !(id && smb1) {
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
    let (mut addr, mut mac, mut vendor) = (None, false, None);
    each_attr(e, |k, v| match k {
        "addr" => addr = Some(v.owned()),
        "addrtype" => mac = v.is("mac"),
        "vendor" => vendor = Some(v.owned()),
        _ => {}
    });
    let addr = addr.unwrap_or_default();
    if mac {
        d.mac = normalise_mac(&addr).unwrap_or_default();
        d.vendor = vendor.unwrap_or_default();
    } else if d.ip.is_empty() {
        d.ip = addr;
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

/// Calls `f` with each attribute's name and value, in order. A value is unescaped only when
/// asked for: most attributes of a scan are not needed, and a /16 scan has millions of them.
fn each_attr(e: &BytesStart, mut f: impl FnMut(&str, Value<'_, '_>)) {
    for a in e.attributes().with_checks(false).flatten() {
        f(a.key.as_ref(), Value(&a));
    }
}

/// An attribute's value, read on demand.
struct Value<'v, 'a>(&'v Attribute<'a>);

impl Value<'_, '_> {
    fn text(&self) -> Cow<'_, str> {
        self.0.normalized_value(XmlVersion::Implicit1_0).unwrap_or(Cow::Borrowed(""))
    }

    fn owned(&self) -> String {
        self.text().into_owned()
    }

    fn is(&self, expected: &str) -> bool {
        self.0.value == expected
    }
}

/// A Unix time in seconds as the day in Japan.
fn day(seconds: &str) -> Option<Date> {
    let t = OffsetDateTime::from_unix_timestamp(seconds.parse().ok()?).ok()?;
    Some(t.to_offset(UtcOffset::from_hms(9, 0, 0).ok()?).date())
}
