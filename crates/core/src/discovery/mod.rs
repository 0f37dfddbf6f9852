//! Devices seen on the network, from the files hospitals and their vendors already have (an
//! nmap scan, DHCP leases, an ARP table, the Active Directory computer list, a Windows
//! inventory), put together per device ([`merge`]), held against the ledger
//! ([`reconcile`]) and judged for what should not be exposed ([`findings`]). Windows update
//! status is judged in [`updates`]. Reading the files is `iryosec_io::discovery`'s job.

pub mod findings;
pub mod oui;
pub mod reconcile;
pub mod updates;

use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// One device as the files saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SeenDevice {
    /// IPv4 or IPv6 address as written (`192.168.1.10`), or empty.
    pub ip: String,
    /// `AA:BB:CC:DD:EE:FF`, or empty.
    pub mac: String,
    /// The maker: as the file says (nmap names it), or from the MAC prefix.
    pub vendor: String,
    pub hostname: String,
    pub os: String,
    pub os_version: String,
    pub ports: Vec<OpenPort>,
    /// The day seen, when the file says (a scan's start, a lease's start, a last logon).
    pub seen_on: Option<Date>,
    /// The files (and lines) that saw it.
    pub seen_in: Vec<SeenAt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SeenAt {
    pub file: String,
    pub line: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
}

/// An open port and what answered on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenPort {
    pub port: u16,
    pub protocol: Protocol,
    /// nmap's service name (`http`, `microsoft-ds`, `ms-wbt-server`).
    pub service: String,
    pub product: String,
    pub version: String,
    /// Spoken over TLS (nmap's `tunnel="ssl"` or an https service).
    pub tls: bool,
    /// SMB version 1 answered (nmap's `smb-protocols` script listed NT LM 0.12).
    pub smb1: bool,
}

impl SeenDevice {
    /// What the device is called in messages: its name, else its address.
    pub fn label(&self) -> &str {
        [&self.hostname, &self.ip, &self.mac].into_iter().find(|s| !s.is_empty()).map_or("", String::as_str)
    }

    /// Fills what this device lacks from another sighting of it, and adds that one's ports
    /// and files.
    fn absorb(&mut self, other: SeenDevice) {
        for (mine, theirs) in [
            (&mut self.ip, other.ip),
            (&mut self.mac, other.mac),
            (&mut self.vendor, other.vendor),
            (&mut self.hostname, other.hostname),
            (&mut self.os, other.os),
            (&mut self.os_version, other.os_version),
        ] {
            if mine.is_empty() {
                *mine = theirs;
            }
        }
        for p in other.ports {
            if !self.ports.iter().any(|q| q.port == p.port && q.protocol == p.protocol) {
                self.ports.push(p);
            }
        }
        self.seen_on = self.seen_on.max(other.seen_on);
        self.seen_in.extend(other.seen_in);
    }
}

/// `00-1a-2b-3c-4d-5e`, `001a.2b3c.4d5e`, `0:1a:2b:3c:4d:5e` → `00:1A:2B:3C:4D:5E`. Read in one
/// pass: a /16 scan has a MAC per host.
pub fn normalise_mac(text: &str) -> Option<String> {
    let text = text.trim();
    let parts = text.split([':', '-', '.']);
    let count = parts.clone().count();
    let mut hex = [0u8; 12];
    let mut n = 0;
    for part in parts {
        let width = match count {
            // Six groups of one or two digits (a leading zero may be left out).
            6 if (1..=2).contains(&part.len()) => 2,
            1 | 3 => part.len(),
            _ => return None,
        };
        for _ in part.len()..width {
            *hex.get_mut(n)? = b'0';
            n += 1;
        }
        for c in part.bytes() {
            *hex.get_mut(n)? = c.is_ascii_hexdigit().then(|| c.to_ascii_uppercase())?;
            n += 1;
        }
    }
    if n != 12 || hex.iter().all(|c| *c == b'0') {
        return None;
    }
    let mut out = String::with_capacity(17);
    for (i, pair) in hex.chunks(2).enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.extend(pair.iter().map(|b| char::from(*b)));
    }
    Some(out)
}

/// Fills the maker from the MAC prefix where the file named none.
pub fn with_vendor(mut d: SeenDevice) -> SeenDevice {
    if d.vendor.is_empty()
        && let Some(v) = oui::vendor(&d.mac)
    {
        d.vendor = v.to_owned();
    }
    d
}

/// Puts the sightings of one device together: the same MAC, else the same address, else the
/// same host name (any case) is the same device. First-seen order is kept.
pub fn merge(devices: impl IntoIterator<Item = SeenDevice>) -> Vec<SeenDevice> {
    let mut out: Vec<SeenDevice> = Vec::new();
    let mut by: HashMap<(u8, String), usize> = HashMap::new();
    for d in devices {
        let keys = identity(&d);
        match keys.iter().find_map(|k| by.get(k).copied()) {
            Some(at) => {
                out[at].absorb(d);
                for k in identity(&out[at]) {
                    by.entry(k).or_insert(at);
                }
            }
            None => {
                for k in keys {
                    by.insert(k, out.len());
                }
                out.push(d);
            }
        }
    }
    out
}

/// The keys a device is known by, strongest first. A MAC names one card; an address or name
/// of a device whose MAC is known still helps to join files that lack the MAC.
fn identity(d: &SeenDevice) -> Vec<(u8, String)> {
    let mut keys = Vec::with_capacity(3);
    if !d.mac.is_empty() {
        keys.push((0, d.mac.clone()));
    }
    if !d.ip.is_empty() {
        keys.push((1, d.ip.clone()));
    }
    if !d.hostname.is_empty() {
        keys.push((2, short_hostname(&d.hostname)));
    }
    keys
}

/// Everything the files say against the ledger: the devices put together, which ledger entry
/// each is, the proposed changes and the findings per device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub devices: Vec<SeenDevice>,
    pub reconciliation: reconcile::Reconciliation,
    pub proposals: Vec<reconcile::Proposal>,
    /// Per device (index into `devices`) with findings, its findings.
    pub findings: Vec<(usize, Vec<crate::Message>)>,
}

pub fn analyse(seen: impl IntoIterator<Item = SeenDevice>, ledger: &[crate::ledger::Asset]) -> Analysis {
    let devices = merge(seen);
    let reconciliation = reconcile::reconcile(&devices, ledger);
    let proposals = reconcile::proposals(&devices, &reconciliation);
    let findings = devices
        .iter()
        .enumerate()
        .map(|(i, d)| (i, findings::findings(d)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    Analysis { devices, reconciliation, proposals, findings }
}

/// `PC-01.hospital.local` → `pc-01`: names compared without their domain, in lower case.
pub fn short_hostname(name: &str) -> String {
    name.trim().split('.').next().unwrap_or("").to_lowercase()
}

#[cfg(test)]
mod tests;
