use super::bundle::{self, Payload, SecretKey};
use super::matching::{Certainty, Support, check_device};
use super::*;
use crate::ledger::{Asset, AssetKind};
use time::macros::date;

fn device(os: &str, version: &str) -> Asset {
    Asset {
        asset_no: "N-1".into(),
        name: "VPN".into(),
        kind: Some(AssetKind::Vpn),
        os: os.into(),
        os_version: version.into(),
        ..Asset::default()
    }
}

#[test]
fn the_shipped_catalog_is_valid_and_names_its_sources() {
    let data = parse_toml(BUILTIN_TOML).unwrap();
    assert!(data.products.len() >= 15);
    assert!(data.products.iter().all(|p| !p.source.is_empty()));
    assert!(data.flaws.iter().all(|f| f.source.contains("CISA KEV")));
    let fortios = data.product("fortios").unwrap();
    let six = fortios.cycles.iter().find(|c| c.cycle == "6.0").unwrap();
    assert_eq!(six.eol, Eol::On(date!(2022 - 09 - 29)), "endoflife.date: FortiOS 6.0 End of Support");
    assert!(data.flaws.iter().any(|f| f.cve == "CVE-2018-13379" && f.ransomware && !f.affected.is_empty()));
}

#[test]
fn a_fortigate_past_support_and_in_an_exploited_range_is_named_with_its_source() {
    let d = check_device(builtin(), &device("FortiOS", "6.0.4"), date!(2025 - 06 - 01));
    assert_eq!(d.product.as_deref(), Some("FortiOS（FortiGate）"));
    assert_eq!(d.support, Support::Ended { on: Some(date!(2022 - 09 - 29)) });
    assert_eq!(d.source, "https://endoflife.date/fortios");
    let affected: Vec<&str> = d.exploited().map(|f| f.cve.as_str()).collect();
    assert!(affected.contains(&"CVE-2018-13379"), "{affected:?}");
    assert!(affected.contains(&"CVE-2022-42475"));

    let patched = check_device(builtin(), &device("FortiOS", "7.2.10"), date!(2025 - 06 - 01));
    assert!(patched.exploited().next().is_none(), "7.2.10 is past every range");
    assert!(patched.flaws.iter().all(|f| f.certainty == Certainty::Unclear));
}

#[test]
fn support_ending_within_the_fiscal_year_is_told_apart() {
    let d = check_device(builtin(), &device("FortiOS", "7.2.5"), date!(2026 - 05 - 01));
    assert_eq!(d.support, Support::EndsThisYear { on: date!(2026 - 09 - 30) });
    let later = check_device(builtin(), &device("FortiOS", "7.6.1"), date!(2026 - 05 - 01));
    assert!(matches!(later.support, Support::Supported { .. }));
}

#[test]
fn windows_releases_are_told_by_name_build_and_edition() {
    let today = date!(2025 - 11 - 01);
    let pro = check_device(builtin(), &device("Windows 10 Pro", "22H2"), today);
    assert_eq!(pro.cycle.as_deref(), Some("10 22H2"));
    assert_eq!(pro.support, Support::Ended { on: Some(date!(2025 - 10 - 14)) });
    let by_build = check_device(builtin(), &device("Windows 11 Enterprise", "10.0.22631.4317"), today);
    assert_eq!(by_build.cycle.as_deref(), Some("11 23H2 (E)"));
    let server = check_device(builtin(), &device("Windows Server 2019 Standard", "10.0 (17763)"), today);
    assert_eq!(server.product.as_deref(), Some("Windows Server"));
    assert!(matches!(server.support, Support::Supported { until: Some(d) } if d == date!(2029 - 01 - 09)));
    let r2 = check_device(builtin(), &device("Windows Server 2012 R2 Standard", ""), today);
    assert_eq!(r2.cycle.as_deref(), Some("Windows Server 2012 R2"));
    let unknown = check_device(builtin(), &device("自社製OS", ""), today);
    assert_eq!(unknown.support, Support::Unknown);
}

#[test]
fn the_ledgers_own_earlier_date_wins() {
    let mut a = device("Ubuntu 22.04 LTS", "");
    a.support_ends_on = Some(date!(2024 - 03 - 31));
    let d = check_device(builtin(), &a, date!(2025 - 01 - 01));
    assert_eq!(d.support, Support::Ended { on: Some(date!(2024 - 03 - 31)) });
    assert_eq!(d.source, matching::LEDGER_SOURCE);
}

fn payload(data: Lifecycle) -> Payload {
    Payload {
        format: bundle::PAYLOAD_FORMAT.into(),
        version: bundle::VERSION,
        created: date!(2026 - 01 - 10),
        sources: vec!["test".into()],
        data,
    }
}

fn newer() -> Lifecycle {
    let mut data = Lifecycle::default();
    let mut p = builtin().product("fortios").unwrap().clone();
    p.cycles = vec![Cycle {
        cycle: "9.0".into(),
        label: String::new(),
        eol: Eol::On(date!(2031 - 01 - 01)),
        latest: String::new(),
    }];
    data.products.push(p);
    data
}

#[test]
fn a_signed_bundle_is_believed_only_when_a_trusted_key_signed_it_unchanged() {
    let key = SecretKey::from_seed([7; 32]);
    let text = bundle::sign(&payload(newer()), &key).unwrap();
    let ok = bundle::verify(text.as_bytes(), &[key.public()]).unwrap();
    assert_eq!(ok.payload.data.products[0].cycles[0].cycle, "9.0");

    let stranger = SecretKey::from_seed([9; 32]);
    let err = bundle::verify(text.as_bytes(), &[stranger.public()]).unwrap_err();
    assert_eq!(err.key, "lifecycle.bundle.untrusted_key");

    let tampered = text.replace("2031-01-01", "2039-01-01");
    assert_ne!(tampered, text);
    let err = bundle::verify(tampered.as_bytes(), &[key.public()]).unwrap_err();
    assert_eq!(err.key, "lifecycle.bundle.bad_signature");

    let err = bundle::verify(b"{\"format\": \"zip\"", &[key.public()]).unwrap_err();
    assert_eq!(err.key, "lifecycle.bundle.format");
}

#[test]
fn keys_read_back_and_a_bad_configured_key_is_named() {
    let key = SecretKey::from_seed([3; 32]);
    assert_eq!(SecretKey::parse(&key.text()).unwrap().public(), key.public());
    assert_eq!(bundle::trusted_keys(&[key.public().text()]).unwrap(), vec![key.public()]);
    let err = bundle::trusted_keys(&["ed25519:xyz".into()]).unwrap_err();
    assert_eq!(err.key, "lifecycle.key.invalid");
}

#[test]
fn newer_data_is_laid_over_the_shipped_facts() {
    let merged = builtin().merged(&newer());
    let fortios = merged.product("fortios").unwrap();
    assert!(fortios.cycles.iter().any(|c| c.cycle == "9.0"));
    assert!(fortios.cycles.iter().any(|c| c.cycle == "6.0"), "older cycles stay");
    let mut flaw_only = Lifecycle::default();
    let mut f = builtin().flaws.iter().find(|f| f.cve == "CVE-2018-13379").unwrap().clone();
    f.affected.clear();
    f.name = "renamed".into();
    flaw_only.flaws.push(f);
    let merged = builtin().merged(&flaw_only);
    let kept = merged.flaws.iter().find(|f| f.cve == "CVE-2018-13379").unwrap();
    assert_eq!(kept.name, "renamed");
    assert!(!kept.affected.is_empty(), "the ranges known before are kept");
}
