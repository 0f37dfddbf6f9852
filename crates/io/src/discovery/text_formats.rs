//! The plain-text files: ISC dhcpd's `dhcpd.leases`, and ARP tables as `arp -a` prints them on
//! Windows (in Japanese too) and Linux, or `ip neigh`.

use super::FileError;
use iryosec_core::Message;
use iryosec_core::date::parse_date;
use iryosec_core::discovery::{SeenAt, SeenDevice, normalise_mac, with_vendor};
use std::collections::HashMap;
use std::net::IpAddr;

/// Whether text is a dhcpd lease file: a `lease ADDRESS {` line.
pub fn is_leases(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("lease ") && l.ends_with('{')
    })
}

/// Every lease, the last one per address winning (the file is appended to as leases change).
pub fn leases(file: &str, text: &str) -> Result<Vec<SeenDevice>, FileError> {
    let mut by_ip: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<SeenDevice> = Vec::new();
    let mut current: Option<SeenDevice> = None;
    for (n, raw) in (1u64..).zip(text.lines()) {
        let line = raw.trim().trim_end_matches(';').trim();
        if let Some(rest) = line.strip_prefix("lease ").and_then(|r| r.strip_suffix('{')) {
            let ip = rest.trim();
            if ip.parse::<IpAddr>().is_err() {
                return Err(FileError::at(
                    file,
                    n,
                    Message::new("discovery.error.lease_address").arg("value", ip),
                ));
            }
            current = Some(SeenDevice {
                ip: ip.to_owned(),
                seen_in: vec![SeenAt { file: file.to_owned(), line: n }],
                ..SeenDevice::default()
            });
        } else if line == "}" {
            if let Some(d) = current.take() {
                match by_ip.get(&d.ip) {
                    Some(&i) => out[i] = d,
                    None => {
                        by_ip.insert(d.ip.clone(), out.len());
                        out.push(d);
                    }
                }
            }
        } else if let Some(d) = current.as_mut() {
            lease_line(line, d);
        }
    }
    if current.is_some() {
        let lines = text.lines().count() as u64;
        return Err(FileError::at(file, lines, Message::new("discovery.error.truncated")));
    }
    Ok(out.into_iter().map(with_vendor).collect())
}

fn lease_line(line: &str, d: &mut SeenDevice) {
    if let Some(mac) = line.strip_prefix("hardware ethernet ") {
        d.mac = normalise_mac(mac).unwrap_or_default();
    } else if let Some(name) = line.strip_prefix("client-hostname ") {
        d.hostname = name.trim_matches('"').to_owned();
    } else if let Some(when) = line.strip_prefix("starts ") {
        // `starts 4 2025/05/16 01:02:03`: weekday, day, time (UTC).
        d.seen_on = when.split_whitespace().nth(1).and_then(|day| parse_date(day).ok());
    }
}

/// Whether a line names an address and a MAC: an ARP table's entry.
pub fn arp_entry(line: &str) -> Option<(String, String, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let ip = words.iter().map(|w| w.trim_matches(['(', ')'])).find(|w| w.parse::<IpAddr>().is_ok())?;
    let mac = words.iter().find_map(|w| normalise_mac(w))?;
    if is_group_address(&mac) {
        return None;
    }
    // Linux `arp -a`: `name (10.0.0.1) at …`; `?` when the name is not known.
    let name = if words.get(2) == Some(&"at") && words.first().is_some_and(|w| *w != "?") {
        words[0].to_owned()
    } else {
        String::new()
    };
    Some((ip.to_owned(), mac, name))
}

/// Broadcast and multicast addresses name no device.
fn is_group_address(mac: &str) -> bool {
    mac.get(..2).and_then(|b| u8::from_str_radix(b, 16).ok()).is_some_and(|b| b & 1 == 1)
}

pub fn is_arp(text: &str) -> bool {
    text.lines().any(|l| arp_entry(l).is_some())
}

pub fn arp(file: &str, text: &str) -> Vec<SeenDevice> {
    (1u64..)
        .zip(text.lines())
        .filter_map(|(n, l)| arp_entry(l).map(|e| (n, e)))
        .map(|(n, (ip, mac, hostname))| {
            with_vendor(SeenDevice {
                ip,
                mac,
                hostname,
                seen_in: vec![SeenAt { file: file.to_owned(), line: n }],
                ..SeenDevice::default()
            })
        })
        .collect()
}
