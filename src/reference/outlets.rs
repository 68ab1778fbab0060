//! News outlets and official sites (`data/outlets.toml`): the source name of a page from a
//! known host, and the site names that page titles carry. Parsed once into [`outlets`].

use std::sync::LazyLock;

use serde::Deserialize;

/// The outlets shipped with milpress.
const BUILTIN: &str = include_str!("../../data/outlets.toml");

static OUTLETS: LazyLock<Outlets> =
    LazyLock::new(|| Outlets::from_toml(BUILTIN).expect("the embedded data/outlets.toml parses"));

/// The outlets of `data/outlets.toml`, parsed on first use.
pub fn outlets() -> &'static Outlets {
    &OUTLETS
}

/// One outlet.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// The source name documents from it get (`Ministry of National Defense`).
    pub name: String,
    /// Other names it goes by in page titles (`国防部`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Lowercase domains it publishes on; subdomains included.
    #[serde(default)]
    pub hosts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletsFile {
    #[serde(default)]
    outlet: Vec<Outlet>,
}

/// Every known outlet, with its names lowercased once for comparison.
#[derive(Clone, Debug)]
pub struct Outlets {
    outlets: Vec<Outlet>,
    /// Every name and alias, lowercase.
    names_lower: Vec<String>,
}

impl Outlets {
    /// Parses outlets in the format of `data/outlets.toml` (`[[outlet]]` tables).
    pub fn from_toml(text: &str) -> Result<Outlets, toml::de::Error> {
        let file: OutletsFile = toml::from_str(text)?;
        let names_lower = file
            .outlet
            .iter()
            .flat_map(|o| std::iter::once(&o.name).chain(&o.aliases))
            .map(|n| n.to_lowercase())
            .collect();
        Ok(Outlets {
            outlets: file.outlet,
            names_lower,
        })
    }

    /// Every outlet, in file order.
    pub fn all(&self) -> &[Outlet] {
        &self.outlets
    }

    /// The outlet publishing on `host` (lowercase, no port): the host itself or any subdomain
    /// of one of its hosts, so `eng.mod.gov.cn` is the ministry but `fake81.cn` is not PLA
    /// Daily.
    pub fn for_host(&self, host: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| {
            o.hosts.iter().any(|domain| {
                host == domain
                    || host
                        .strip_suffix(domain.as_str())
                        .is_some_and(|sub| sub.ends_with('.'))
            })
        })
    }

    /// Whether `name` is an outlet's name or alias, compared after lowercasing.
    pub fn is_name(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        self.names_lower.contains(&lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_names() {
        let o = outlets();
        assert_eq!(
            o.for_host("eng.mod.gov.cn").map(|o| o.name.as_str()),
            Some("Ministry of National Defense")
        );
        assert_eq!(
            o.for_host("news.cn").map(|o| o.name.as_str()),
            Some("Xinhua")
        );
        assert!(o.for_host("fake81.cn").is_none());
        assert!(o.for_host("81.cn.example.org").is_none());
        assert!(o.is_name("pla daily"));
        assert!(o.is_name("中华人民共和国国防部"));
        assert!(!o.is_name("Ministry of Truth"));
        for outlet in o.all() {
            assert!(
                outlet.hosts.iter().all(|h| *h == h.to_ascii_lowercase()),
                "{outlet:?}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(Outlets::from_toml("[[outlet]]\nname = \"X\"\nhost = \"x.cn\"\n").is_err());
    }
}
