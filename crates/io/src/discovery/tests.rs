use super::*;
use time::macros::date;

const NMAP: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -O -oX scan.xml 192.168.10.0/24" start="1747357200" version="7.94">
<host starttime="1747357260" endtime="1747357300"><status state="up" reason="arp-response"/>
<address addr="192.168.10.1" addrtype="ipv4"/>
<address addr="00:09:0F:11:22:33" addrtype="mac" vendor="Fortinet"/>
<hostnames><hostname name="fw01.hospital.local" type="PTR"/></hostnames>
<ports>
<port protocol="tcp" portid="23"><state state="open"/><service name="telnet"/></port>
<port protocol="tcp" portid="443"><state state="open"/><service name="http" product="Fortinet FortiGate" tunnel="ssl"/></port>
<port protocol="tcp" portid="8080"><state state="filtered"/><service name="http-proxy"/></port>
</ports>
<os><osmatch name="Linux 3.X" accuracy="85"/><osmatch name="Fortinet FortiOS 6.0" accuracy="96"/></os>
</host>
<host><status state="down"/><address addr="192.168.10.2" addrtype="ipv4"/></host>
<host starttime="1747357270"><status state="up"/>
<address addr="192.168.10.20" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="445"><state state="open"/><service name="microsoft-ds"/></port></ports>
<hostscript><script id="smb-protocols" output="&#xa;  dialects: &#xa;    NT LM 0.12 (SMBv1) [dangerous, but default]"/></hostscript>
</host>
<runstats><finished time="1747357400"/><hosts up="2" down="1" total="3"/></runstats>
</nmaprun>
"#;

#[test]
fn an_nmap_scan_gives_the_hosts_that_were_up_with_their_open_ports() {
    let (kind, got) = read("scan.xml", NMAP.as_bytes()).unwrap();
    assert_eq!(kind, FileKind::Nmap);
    assert_eq!(got.devices.len(), 2);
    let fw = &got.devices[0];
    assert_eq!(
        (fw.ip.as_str(), fw.mac.as_str(), fw.vendor.as_str()),
        ("192.168.10.1", "00:09:0F:11:22:33", "Fortinet")
    );
    assert_eq!(fw.hostname, "fw01.hospital.local");
    assert_eq!(fw.os, "Fortinet FortiOS 6.0", "the most accurate guess");
    let ports: Vec<(u16, bool)> = fw.ports.iter().map(|p| (p.port, p.tls)).collect();
    assert_eq!(ports, [(23, false), (443, true)], "filtered ports are not open");
    assert_eq!(fw.seen_on, Some(date!(2025 - 05 - 16)));
    assert_eq!((fw.seen_in[0].file.as_str(), fw.seen_in[0].line), ("scan.xml", 4));
    assert!(got.devices[1].ports[0].smb1, "the host script's SMBv1 lands on port 445");
}

#[test]
fn a_truncated_scan_is_refused_naming_its_last_line() {
    let cut = &NMAP[..NMAP.find("<host starttime=\"1747357270\"").unwrap()];
    let err = read("scan.xml", cut.as_bytes()).unwrap_err();
    assert_eq!(err.message.key, "discovery.error.truncated");
    assert_eq!((err.file.as_str(), err.line), ("scan.xml", Some(15)), "the last line there is");
    let other = read("other.xml", "<?xml version=\"1.0\"?><svg></svg>".as_bytes()).unwrap_err();
    assert_eq!(other.message.key, "discovery.error.not_nmap");
}

#[test]
fn isc_dhcpd_leases_keep_the_last_lease_per_address() {
    let text = "# dhcpd.leases\nlease 192.168.1.10 {\n  starts 4 2025/05/15 01:02:03;\n  hardware ethernet 00:a0:de:01:02:03;\n  client-hostname \"OLD\";\n}\nlease 192.168.1.10 {\n  starts 5 2025/05/16 01:02:03;\n  binding state active;\n  hardware ethernet 00:a0:de:01:02:03;\n  client-hostname \"RECEPT-01\";\n}\n";
    let (kind, got) = read("dhcpd.leases", text.as_bytes()).unwrap();
    assert_eq!(kind, FileKind::DhcpLeases);
    assert_eq!(got.devices.len(), 1);
    let d = &got.devices[0];
    assert_eq!(
        (d.hostname.as_str(), d.mac.as_str(), d.seen_on),
        ("RECEPT-01", "00:A0:DE:01:02:03", Some(date!(2025 - 05 - 16)))
    );
    assert_eq!(d.vendor, "ヤマハ (Yamaha)");
    let err = read("dhcpd.leases", "lease 192.168.1.10 {\n  starts 4 2025/05/15 01:02:03;\n".as_bytes())
        .unwrap_err();
    assert_eq!((err.message.key, err.line), ("discovery.error.truncated", Some(2)));
}

#[test]
fn windows_exports_are_told_apart_by_their_headers() {
    let dhcp = "#TYPE Microsoft.Management.Infrastructure.CimInstance#root/Microsoft/Windows/DHCP/DhcpServerv4Lease\n\"IPAddress\",\"ScopeId\",\"AddressState\",\"ClientId\",\"HostName\",\"LeaseExpiryTime\"\n\"192.168.1.21\",\"192.168.1.0\",\"Active\",\"00-15-5d-01-02-03\",\"SV-EHR01.hospital.local\",\"5/17/2025 9:00:00 AM\"\n";
    let (kind, got) = read("dhcp.csv", dhcp.as_bytes()).unwrap();
    assert_eq!(kind, FileKind::DhcpCsv);
    assert_eq!(
        (got.devices[0].mac.as_str(), got.devices[0].hostname.as_str()),
        ("00:15:5D:01:02:03", "SV-EHR01.hospital.local")
    );

    let ad = "DistinguishedName,DNSHostName,Enabled,IPv4Address,LastLogonDate,Name,OperatingSystem,OperatingSystemVersion\r\n\"CN=PC01,OU=Computers\",pc01.hospital.local,True,192.168.1.31,2025/05/16 9:12:33,PC01,Windows 10 Pro,10.0 (19045)\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(ad.encode_utf16().flat_map(u16::to_le_bytes));
    let (kind, got) = read("ad.csv", utf16.as_slice()).unwrap();
    assert_eq!(kind, FileKind::AdComputers);
    let pc = &got.devices[0];
    assert_eq!(
        (pc.os.as_str(), pc.os_version.as_str(), pc.seen_on),
        ("Windows 10 Pro", "10.0 (19045)", Some(date!(2025 - 05 - 16)))
    );

    let hotfix = "\"Source\",\"Description\",\"HotFixID\",\"InstalledBy\",\"InstalledOn\"\n\"PC01\",\"Security Update\",\"KB5034441\",\"NT AUTHORITY\\SYSTEM\",\"1/10/2025 12:00:00 AM\"\n\"PC01\",\"Update\",\"KB5035845\",\"NT AUTHORITY\\SYSTEM\",\"3/12/2025 12:00:00 AM\"\n\"PC02\",\"Update\",\"KB5000001\",\"\",\"2024/11/12 0:00:00\"\n";
    let (kind, got) = read("hotfix.csv", hotfix.as_bytes()).unwrap();
    assert_eq!(kind, FileKind::HotFix);
    let last: Vec<(&str, Option<time::Date>, u32)> =
        got.updates.iter().map(|m| (m.host.as_str(), m.last_update, m.installed)).collect();
    assert_eq!(last, [("PC01", Some(date!(2025 - 03 - 12)), 2), ("PC02", Some(date!(2024 - 11 - 12)), 1)]);

    let inventory = "ホスト名,OS,ビルド,最終更新日\n受付PC01,Windows 11 Pro,10.0.22631,2025/06/01\n";
    let (encoded, _, _) = encoding_rs::SHIFT_JIS.encode(inventory);
    let (kind, got) = read("inventory.csv", encoded.as_ref()).unwrap();
    assert_eq!(kind, FileKind::Inventory);
    assert_eq!(got.devices[0].os_version, "10.0.22631");
    assert_eq!(got.updates[0].last_update, Some(date!(2025 - 06 - 01)));
}

#[test]
fn arp_tables_from_windows_and_linux_skip_broadcasts() {
    let windows = "\r\nインターフェイス: 192.168.1.5 --- 0xb\r\n  インターネット アドレス 物理アドレス           種類\r\n  192.168.1.1           00-09-0f-aa-bb-cc     動的\r\n  192.168.1.255         ff-ff-ff-ff-ff-ff     静的\r\n  224.0.0.22            01-00-5e-00-00-16     静的\r\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(windows);
    let (kind, got) = read("arp.txt", sjis.as_ref()).unwrap();
    assert_eq!(kind, FileKind::Arp);
    assert_eq!(got.devices.len(), 1);
    assert_eq!((got.devices[0].ip.as_str(), got.devices[0].line()), ("192.168.1.1", 4));
    let linux = "192.168.1.1 dev eth0 lladdr 00:09:0f:aa:bb:cc REACHABLE\n192.168.1.9 dev eth0  FAILED\nfw01 (192.168.1.2) at 00:a0:de:00:00:01 [ether] on eth0\n";
    let (_, got) = read("neigh.txt", linux.as_bytes()).unwrap();
    assert_eq!(got.devices.len(), 2);
    assert_eq!(got.devices[1].hostname, "fw01");
}

#[test]
fn unknown_files_and_encodings_are_named() {
    let err = read("notes.txt", "会議のメモ\n".as_bytes()).unwrap_err();
    assert_eq!((err.file.as_str(), err.message.key), ("notes.txt", "discovery.error.unknown_kind"));
    let err = read("bad.csv", &b"IPAddress,ClientId\n\x82\xff\xfe\n"[..]).unwrap_err();
    assert_eq!((err.message.key, err.line), ("discovery.error.encoding", Some(2)));
}

trait FirstLine {
    fn line(&self) -> u64;
}

impl FirstLine for SeenDevice {
    fn line(&self) -> u64 {
        self.seen_in[0].line
    }
}
