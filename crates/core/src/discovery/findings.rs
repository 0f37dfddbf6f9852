//! What a seen device should not show: services that let an attacker in or read traffic
//! (Telnet, FTP, SMB version 1, RDP, VNC, a management page over plain HTTP, SNMP), a host
//! name left as the installer made it, a maker nobody recognises.

use super::{OpenPort, Protocol, SeenDevice, oui};
use crate::message::Message;

/// Plain-text or remote-control services, by port, with the message that names them.
const RISKY: [(u16, Protocol, &str); 10] = [
    (23, Protocol::Tcp, "discovery.finding.telnet"),
    (21, Protocol::Tcp, "discovery.finding.ftp"),
    (3389, Protocol::Tcp, "discovery.finding.rdp"),
    (5900, Protocol::Tcp, "discovery.finding.vnc"),
    (5901, Protocol::Tcp, "discovery.finding.vnc"),
    (5902, Protocol::Tcp, "discovery.finding.vnc"),
    (161, Protocol::Udp, "discovery.finding.snmp"),
    (512, Protocol::Tcp, "discovery.finding.rsh"),
    (513, Protocol::Tcp, "discovery.finding.rsh"),
    (514, Protocol::Tcp, "discovery.finding.rsh"),
];

/// Everything found on one device, each as a message naming the device (and the port).
pub fn findings(d: &SeenDevice) -> Vec<Message> {
    let mut out: Vec<Message> = d.ports.iter().filter_map(risky_service).map(|m| named(m, d)).collect();
    if default_hostname(&d.hostname) {
        out.push(named(Message::new("discovery.finding.default_hostname").arg("hostname", &d.hostname), d));
    }
    if !d.mac.is_empty() && d.vendor.is_empty() {
        let key = if oui::is_local(&d.mac) {
            "discovery.finding.random_mac"
        } else {
            "discovery.finding.unknown_vendor"
        };
        out.push(named(Message::new(key).arg("mac", &d.mac), d));
    }
    out
}

fn named(m: Message, d: &SeenDevice) -> Message {
    m.arg("device", d.label())
}

fn risky_service(p: &OpenPort) -> Option<Message> {
    let service = p.service.to_lowercase();
    let key = if p.smb1 {
        Some("discovery.finding.smb1")
    } else if let Some((.., key)) =
        RISKY.iter().find(|(port, proto, _)| *port == p.port && *proto == p.protocol)
    {
        Some(*key)
    } else if service == "telnet" {
        Some("discovery.finding.telnet")
    } else if service.starts_with("vnc") {
        Some("discovery.finding.vnc")
    } else if service == "ms-wbt-server" {
        Some("discovery.finding.rdp")
    } else if (service == "http" || service == "http-proxy" || service == "http-alt") && !p.tls {
        Some("discovery.finding.http_admin")
    } else {
        None
    };
    key.map(|k| Message::new(k).arg("port", p.port))
}

/// Names installers give (`DESKTOP-4F2K9QZ`, `WIN-0A1B2C3D4E5`, `LAPTOP-…`, `localhost`): nobody
/// chose them, so nobody knows from the name what the machine is.
pub fn default_hostname(name: &str) -> bool {
    let upper = name.trim().split('.').next().unwrap_or("").to_uppercase();
    let generated = |prefix: &str, len: usize| {
        upper
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.len() == len && rest.chars().all(|c| c.is_ascii_alphanumeric()))
    };
    generated("DESKTOP-", 7)
        || generated("LAPTOP-", 8)
        || generated("WIN-", 11)
        || matches!(upper.as_str(), "LOCALHOST" | "RASPBERRYPI" | "UBUNTU" | "DEBIAN" | "USER-PC" | "PC")
        || upper.starts_with("ANDROID-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::SeenDevice;

    fn port(port: u16, service: &str) -> OpenPort {
        OpenPort {
            port,
            protocol: Protocol::Tcp,
            service: service.into(),
            product: String::new(),
            version: String::new(),
            tls: false,
            smb1: false,
        }
    }

    #[test]
    fn risky_services_default_names_and_unknown_makers_are_named() {
        let mut smb = port(445, "microsoft-ds");
        smb.smb1 = true;
        let mut https = port(443, "http");
        https.tls = true;
        let d = SeenDevice {
            ip: "192.168.1.20".into(),
            mac: "10:34:56:00:00:01".into(),
            hostname: "DESKTOP-4F2K9QZ".into(),
            ports: vec![
                port(23, "telnet"),
                port(3389, "ms-wbt-server"),
                port(80, "http"),
                https,
                smb,
                port(22, "ssh"),
            ],
            ..SeenDevice::default()
        };
        let keys: Vec<&str> = findings(&d).iter().map(|m| m.key).collect();
        assert_eq!(
            keys,
            [
                "discovery.finding.telnet",
                "discovery.finding.rdp",
                "discovery.finding.http_admin",
                "discovery.finding.smb1",
                "discovery.finding.default_hostname",
                "discovery.finding.unknown_vendor",
            ]
        );
        assert!(findings(&d)[0].args.contains(&("device", "DESKTOP-4F2K9QZ".to_owned())));
        assert!(!default_hostname("RECEPT-PC01") && default_hostname("WIN-0A1B2C3D4E5.hospital.local"));
    }
}
