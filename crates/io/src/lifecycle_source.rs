//! Building a lifecycle bundle from the public data as it is published: endoflife.date's
//! product files (Markdown with YAML front matter: `releases` with `releaseCycle`, `eol`,
//! `latest`) and CISA's Known Exploited Vulnerabilities JSON. The facts are filed under the
//! products the shipped catalog knows (how CISA names them, which words match a ledger entry);
//! a product file iryosec does not know yet becomes a product matched by its title.

use iryosec_core::Message;
use iryosec_core::lifecycle::bundle::{PAYLOAD_FORMAT, Payload, VERSION};
use iryosec_core::lifecycle::{Cycle, Eol, Flaw, Lifecycle, Product};
use serde::Deserialize;
use time::Date;
use yaml_rust2::{Yaml, YamlLoader};

/// A source file that could not be used, with the line where that showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub file: String,
    pub line: Option<u64>,
    pub message: Message,
}

impl SourceError {
    fn new(file: &str, line: Option<u64>, message: Message) -> SourceError {
        SourceError { file: file.to_owned(), line, message }
    }
}

/// One endoflife.date product file: `products/fortios.md`.
pub fn read_endoflife(file: &str, text: &str, known: &Lifecycle) -> Result<Product, SourceError> {
    let front = front_matter(text)
        .ok_or_else(|| SourceError::new(file, Some(1), Message::new("lifecycle.source.no_front_matter")))?;
    let docs = YamlLoader::load_from_str(front).map_err(|e| {
        let line = e.marker().line() as u64 + 1;
        SourceError::new(file, Some(line), Message::new("lifecycle.source.yaml").arg("detail", e.info()))
    })?;
    let doc = docs
        .first()
        .ok_or_else(|| SourceError::new(file, Some(1), Message::new("lifecycle.source.no_front_matter")))?;
    // The product's id is its file's name in endoflife.date's repository (`products/pan-os.md`);
    // the permalink (`/panos`) is only its web address.
    let stem =
        std::path::Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let permalink =
        doc["permalink"].as_str().map(|p| p.trim_start_matches('/').to_owned()).filter(|p| !p.is_empty());
    let id = if stem.is_empty() { permalink.clone().unwrap_or_default() } else { stem };
    let title = doc["title"].as_str().unwrap_or(&id).to_owned();
    let Some(releases) = doc["releases"].as_vec() else {
        return Err(SourceError::new(file, None, Message::new("lifecycle.source.no_releases")));
    };
    let cycles = releases.iter().filter_map(cycle).collect::<Vec<_>>();
    if cycles.is_empty() {
        return Err(SourceError::new(file, None, Message::new("lifecycle.source.no_releases")));
    }
    let base = known.product(&id);
    Ok(Product {
        id: id.clone(),
        name: base.map_or(title.clone(), |b| b.name.clone()),
        names: base.map_or_else(|| vec![title.to_lowercase()], |b| b.names.clone()),
        remote_access: base.is_some_and(|b| b.remote_access),
        source: format!("https://endoflife.date/{}", permalink.unwrap_or_else(|| id.clone())),
        cycles,
        kev: base.map(|b| b.kev.clone()).unwrap_or_default(),
    })
}

/// The YAML between the first two `---` lines.
fn front_matter(text: &str) -> Option<&str> {
    let rest = text.trim_start_matches('\u{feff}').strip_prefix("---")?;
    let end = rest.find("\n---")?;
    Some(&rest[..end])
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn cycle(r: &Yaml) -> Option<Cycle> {
    let name = scalar(&r["releaseCycle"])?;
    let eol = match &r["eol"] {
        Yaml::Boolean(b) => Eol::Ended(*b),
        y => scalar(y).and_then(|s| iso_day(&s)).map_or(Eol::Unknown, Eol::On),
    };
    let label = scalar(&r["releaseLabel"]).filter(|l| !l.contains("__")).unwrap_or_default();
    Some(Cycle { cycle: name, label, eol, latest: scalar(&r["latest"]).unwrap_or_default() })
}

fn iso_day(s: &str) -> Option<Date> {
    Date::parse(s.trim(), &time::format_description::well_known::Iso8601::DATE).ok()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KevCatalog {
    catalog_version: String,
    vulnerabilities: Vec<KevEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KevEntry {
    #[serde(rename = "cveID")]
    cve_id: String,
    vendor_project: String,
    product: String,
    vulnerability_name: String,
    date_added: String,
    #[serde(default)]
    known_ransomware_campaign_use: String,
}

/// CISA's KEV JSON: the entries of the products `products` know how CISA names, and the
/// catalogue's version.
pub fn read_kev(file: &str, bytes: &[u8], products: &[Product]) -> Result<(String, Vec<Flaw>), SourceError> {
    let catalog: KevCatalog = serde_json::from_slice(bytes).map_err(|e| {
        SourceError::new(
            file,
            Some(e.line() as u64),
            Message::new("lifecycle.source.json").arg("detail", e.to_string()),
        )
    })?;
    let source = format!("CISA KEV {}", catalog.catalog_version);
    let mut flaws = Vec::new();
    for v in catalog.vulnerabilities {
        let Some(p) =
            products.iter().find(|p| p.kev.iter().any(|k| k.matches(&v.vendor_project, &v.product)))
        else {
            continue;
        };
        let Some(date_added) = iso_day(&v.date_added) else {
            return Err(SourceError::new(
                file,
                None,
                Message::new("lifecycle.source.date").arg("cve", &v.cve_id).arg("value", &v.date_added),
            ));
        };
        flaws.push(Flaw {
            cve: v.cve_id,
            product: p.id.clone(),
            name: v.vulnerability_name,
            affected: Vec::new(),
            date_added,
            ransomware: v.known_ransomware_campaign_use == "Known",
            source: source.clone(),
        });
    }
    Ok((source, flaws))
}

/// The payload of a bundle: the product files given, the products the shipped catalog knows
/// how CISA names, and the exploited flaws of those.
pub fn build(
    endoflife: &[(String, String)],
    kev: Option<(&str, &[u8])>,
    known: &Lifecycle,
    created: Date,
) -> Result<Payload, SourceError> {
    let mut data = Lifecycle { as_of: Some(created), ..Lifecycle::default() };
    let mut sources = Vec::new();
    for (file, text) in endoflife {
        let product = read_endoflife(file, text, known)?;
        sources.push(format!("endoflife.date {}", product.id));
        data.products.push(product);
    }
    if let Some((file, bytes)) = kev {
        // Flaws may belong to products without release data (Ivanti, Citrix): bring those along.
        let mut all = data.products.clone();
        all.extend(known.products.iter().filter(|k| data.product(&k.id).is_none()).cloned());
        let (source, flaws) = read_kev(file, bytes, &all)?;
        for f in &flaws {
            if data.product(&f.product).is_none()
                && let Some(p) = known.product(&f.product)
            {
                data.products.push(Product { cycles: Vec::new(), ..p.clone() });
            }
        }
        data.flaws = flaws;
        sources.push(source);
    }
    data.validate().map_err(|m| SourceError::new("", None, m))?;
    Ok(Payload { format: PAYLOAD_FORMAT.to_owned(), version: VERSION, created, sources, data })
}

#[cfg(test)]
mod tests {
    use super::*;
    use iryosec_core::lifecycle::builtin;
    use time::macros::date;

    const FORTIOS: &str = "---\ntitle: FortiOS\ncategory: os\npermalink: /fortios\nidentifiers:\n  - cpe: cpe:2.3:o:fortinet:fortios\n\nreleases:\n  - releaseCycle: \"9.0\"\n    releaseDate: 2027-04-21\n    eol: 2031-10-21\n\n  - releaseCycle: \"6.0\"\n    eol: 2022-09-29\n---\n\n> FortiOS is Fortinet's operating system.\n";

    const KEV: &str = r#"{"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2027.01.05", "count": 2,
      "vulnerabilities": [
        {"cveID": "CVE-2027-0001", "vendorProject": "Fortinet", "product": "FortiOS", "vulnerabilityName": "Fortinet FortiOS SSL-VPN Test Vulnerability", "dateAdded": "2027-01-05", "knownRansomwareCampaignUse": "Known"},
        {"cveID": "CVE-2027-0002", "vendorProject": "Git", "product": "Git", "vulnerabilityName": "Git Test", "dateAdded": "2027-01-04", "knownRansomwareCampaignUse": "Unknown"}
      ]}"#;

    #[test]
    fn a_bundle_is_built_from_the_files_as_published() {
        let files = vec![("fortios.md".to_owned(), FORTIOS.to_owned())];
        let p = build(&files, Some(("kev.json", KEV.as_bytes())), builtin(), date!(2027 - 01 - 06)).unwrap();
        let fortios = p.data.product("fortios").unwrap();
        assert_eq!(
            fortios.names,
            builtin().product("fortios").unwrap().names,
            "matched as the shipped product"
        );
        assert!(fortios.remote_access);
        assert_eq!(fortios.cycles[0].eol, Eol::On(date!(2031 - 10 - 21)));
        assert_eq!(p.data.flaws.len(), 1, "Git is not a product iryosec checks");
        assert!(p.data.flaws[0].ransomware);
        assert_eq!(p.sources, ["endoflife.date fortios", "CISA KEV 2027.01.05"]);
    }

    #[test]
    fn broken_sources_name_the_file_and_line() {
        let bad = "---\ntitle: X\nreleases:\n  - releaseCycle: [\n---\n";
        let err = read_endoflife("x.md", bad, builtin()).unwrap_err();
        assert_eq!((err.file.as_str(), err.message.key), ("x.md", "lifecycle.source.yaml"));
        assert!(err.line.is_some());
        let err = read_endoflife("y.md", "# no front matter", builtin()).unwrap_err();
        assert_eq!(err.message.key, "lifecycle.source.no_front_matter");
        let err = read_kev("kev.json", b"{\"catalogVersion\": 1", &[]).unwrap_err();
        assert_eq!(err.message.key, "lifecycle.source.json");
    }
}
