//! The outlet directory (`data/outlets.toml`): news outlets and official sites in both
//! languages, with the hosts they publish on. It turns whatever a page or record calls its
//! publisher (`解放军报`, `PLA Daily (解放军报)`, `Jiefangjun Bao`) into one canonical source
//! name, names the outlet of a known address, and tells page-title site names apart from
//! titles. Parsed once into [`outlets`].

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
    /// Its Chinese name (`国防部`).
    #[serde(default)]
    pub name_zh: Option<String>,
    /// Other names pages give it (`中华人民共和国国防部`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Lowercase domains it publishes on, subdomains included, optionally with a path prefix
    /// (`81.cn/jfjb`) where a host publishes several outlets.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The code `data/roster.toml` gives the body, when its spokespeople are listed there
    /// (`MND`): a briefing by one of them is the body's.
    #[serde(default)]
    pub org: Option<String>,
}

impl Outlet {
    /// The name, the Chinese name and the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.name_zh.as_deref())
            .chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletsFile {
    #[serde(default)]
    outlet: Vec<Outlet>,
}

/// Every known outlet, with its names normalised once for comparison.
#[derive(Clone, Debug)]
pub struct Outlets {
    outlets: Vec<Outlet>,
    /// (normalised name or alias, outlet index), longest name first, so a search of a text
    /// finds `PLA Daily Online` before `PLA Daily`.
    names: Vec<(String, usize)>,
}

/// Lowercase, whitespace collapsed, a leading "the " and trailing punctuation dropped.
fn normalise(name: &str) -> String {
    let lower = name.to_lowercase();
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | ':' | '：' | '，' | '。' | '·' | '|' | '-')
    });
    trimmed.strip_prefix("the ").unwrap_or(trimmed).to_string()
}

impl Outlets {
    /// Parses outlets in the format of `data/outlets.toml` (`[[outlet]]` tables).
    pub fn from_toml(text: &str) -> Result<Outlets, toml::de::Error> {
        let file: OutletsFile = toml::from_str(text)?;
        let mut names: Vec<(String, usize)> = file
            .outlet
            .iter()
            .enumerate()
            .flat_map(|(i, o)| o.names().map(move |n| (normalise(n), i)))
            .filter(|(n, _)| !n.is_empty())
            .collect();
        names.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
        Ok(Outlets {
            outlets: file.outlet,
            names,
        })
    }

    /// Every outlet, in file order.
    pub fn all(&self) -> &[Outlet] {
        &self.outlets
    }

    /// The outlet publishing on `host` (lowercase, no port): see [`Outlets::for_url`].
    pub fn for_host(&self, host: &str) -> Option<&Outlet> {
        self.for_host_path(host, "/")
    }

    /// The outlet of an address: the longest `hosts` entry matching its host (itself or any
    /// subdomain, so `eng.mod.gov.cn` is the ministry but `fake81.cn` is not) and, where the
    /// entry has one, its path prefix (`81.cn/jfjb`).
    pub fn for_url(&self, url: &str) -> Option<&Outlet> {
        let rest = url.trim();
        let rest = rest.split_once("://").map_or(rest, |(_, r)| r);
        let rest = rest.trim_start_matches('/');
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        let host = authority.rsplit('@').next()?.split(':').next()?;
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        self.for_host_path(&host, &path.to_ascii_lowercase())
    }

    fn for_host_path(&self, host: &str, path: &str) -> Option<&Outlet> {
        let mut best: Option<(usize, &Outlet)> = None;
        for outlet in &self.outlets {
            for entry in &outlet.hosts {
                let (domain, prefix) = match entry.find('/') {
                    Some(at) => entry.split_at(at),
                    None => (entry.as_str(), ""),
                };
                let host_matches = host == domain
                    || host
                        .strip_suffix(domain)
                        .is_some_and(|sub| sub.ends_with('.'));
                if host_matches
                    && path.starts_with(prefix)
                    && best.is_none_or(|(len, _)| entry.len() > len)
                {
                    best = Some((entry.len(), outlet));
                }
            }
        }
        best.map(|(_, o)| o)
    }

    /// The outlet a name stands for: its name, Chinese name or an alias, compared without
    /// regard to case; `PLA Daily (解放军报)` and `解放军报社` also name PLA Daily.
    pub fn lookup(&self, name: &str) -> Option<&Outlet> {
        let exact = |n: &str| {
            let n = normalise(n);
            self.names
                .iter()
                .find(|(known, _)| *known == n)
                .map(|(_, i)| &self.outlets[*i])
        };
        if let Some(o) = exact(name) {
            return Some(o);
        }
        // A Chinese body named with its country in front (`中国国防部`, `中华人民共和国外交部`):
        // the directory's Chinese names are China's own bodies without it, in simplified
        // characters (`中國國防部` is Beijing's ministry, where `國防部` alone is Taipei's).
        let country = ["中华人民共和国", "中華人民共和國", "中国", "中國"]
            .iter()
            .find_map(|c| name.trim().strip_prefix(c).filter(|rest| !rest.is_empty()));
        if let Some(o) = country.and_then(|rest| exact(&fast2s::convert(rest))) {
            return Some(o);
        }
        // `English (中文)`: either half.
        let (head, tail) = name.split_once(['(', '（'])?;
        let tail = tail.trim_end().trim_end_matches([')', '）']);
        exact(head).or_else(|| exact(tail))
    }

    /// The canonical source name for what a file calls its publisher: the outlet's `name`
    /// when the directory knows it, else the name as written (trimmed).
    pub fn canonical(&self, name: &str) -> String {
        // A publisher given with its channel (`人民网-军事频道`, `Xinhua | World`) is the outlet.
        // The part after the outlet must name a channel: `Ministry of National Defense -
        // Taiwan` is another ministry.
        const CHANNELS: &[&str] = &[
            "频道", "頻道", "栏目", "欄目", "军事", "軍事", "国际", "國際", "国内", "國內",
            "channel", "section", "news", "world", "military", "defense", "defence", "politics",
            "opinion",
        ];
        let channel = || {
            let (head, tail) = name.split_once(['-', '–', '—', '|', '｜', '·'])?;
            let tail = tail.to_lowercase();
            CHANNELS
                .iter()
                .any(|c| tail.contains(c))
                .then(|| self.lookup(head.trim()))
                .flatten()
        };
        // One outlet under two of its names (`China Military Online / 中国军网`).
        let both_names = || {
            let mut parts = name.split(['/', '／']).map(str::trim);
            let first = self.lookup(parts.next()?)?;
            let mut rest = parts.peekable();
            rest.peek()?;
            rest.all(|p| self.lookup(p).is_some_and(|o| o.name == first.name))
                .then_some(first)
        };
        // A site's address for its name (GDELT's `SourceCommonName`: `english.news.cn`).
        let host = || {
            let host = name.trim();
            let host_like = host.contains('.')
                && !host.ends_with('.')
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
            host_like
                .then(|| self.for_url(&format!("https://{host}/")))
                .flatten()
        };
        match self
            .lookup(name)
            .or_else(channel)
            .or_else(both_names)
            .or_else(host)
        {
            Some(outlet) => outlet.name.clone(),
            None => name.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    /// The outlet named in a short text such as a source or date line (`PLA Daily (解放军报) ·
    /// 14 August 2026`): the longest name that occurs, on word boundaries for Latin names.
    pub fn find_in(&self, text: &str) -> Option<&Outlet> {
        let lower = text.to_lowercase();
        self.names
            .iter()
            .find(|(name, _)| occurs(&lower, name))
            .map(|(_, i)| &self.outlets[*i])
    }

    /// The body whose spokespeople `data/roster.toml` lists under `org` (`MFA`).
    pub fn for_org(&self, org: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| {
            o.org
                .as_deref()
                .is_some_and(|code| code.eq_ignore_ascii_case(org))
        })
    }

    /// Whether `name` is an outlet's name or alias, compared after lowercasing.
    pub fn is_name(&self, name: &str) -> bool {
        self.lookup(name).is_some()
    }
}

/// `needle` in `haystack`, not inside a longer Latin word (`MND` is not in `AMNDX`).
fn occurs(haystack: &str, needle: &str) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric();
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        let starts_latin = needle.chars().next().is_some_and(latin);
        let ends_latin = needle.chars().next_back().is_some_and(latin);
        let glued_before = starts_latin && before.is_some_and(latin);
        let glued_after = ends_latin && after.is_some_and(latin);
        !glued_before && !glued_after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_for(url: &str) -> Option<&'static str> {
        outlets().for_url(url).map(|o| o.name.as_str())
    }

    #[test]
    fn hosts_and_paths() {
        const CASES: &[(&str, Option<&str>)] = &[
            (
                "http://eng.mod.gov.cn/xb/News_213114/t.html",
                Some("Ministry of National Defense"),
            ),
            (
                "http://www.81.cn/jfjbmap/content/2026-08/14/content_1.htm",
                Some("PLA Daily"),
            ),
            (
                "http://www.81.cn/yw/2026-08/14/x.html",
                Some("China Military Online"),
            ),
            (
                "http://www.81.cn/gfbmap/content/x.htm",
                Some("China National Defense News"),
            ),
            (
                "https://www.defense.gov/News/Releases/Release/Article/1/",
                Some("U.S. Department of Defense"),
            ),
            ("https://www.army.mil/article/1/x", Some("U.S. Army")),
            (
                "https://www.fmprc.gov.cn:443/x",
                Some("Ministry of Foreign Affairs"),
            ),
            ("http://fake81.cn/x", None),
            ("http://81.cn.example.org/x", None),
            ("not a url", None),
            ("", None),
        ];
        for (url, name) in CASES {
            assert_eq!(name_for(url), *name, "{url}");
        }
        assert_eq!(
            outlets().for_host("news.cn").map(|o| o.name.as_str()),
            Some("Xinhua")
        );
    }

    #[test]
    fn names_in_both_languages_are_one_outlet() {
        let o = outlets();
        for name in [
            "PLA Daily",
            "解放军报",
            "pla daily",
            "PLA Daily (解放军报)",
            "The PLA Daily",
        ] {
            assert_eq!(o.canonical(name), "PLA Daily", "{name}");
        }
        assert_eq!(
            o.canonical("中华人民共和国国防部"),
            "Ministry of National Defense"
        );
        assert_eq!(o.canonical("  Some  Blog "), "Some Blog");
        // A site's address stands for its outlet; an unknown one stays as it is.
        assert_eq!(o.canonical("english.news.cn"), "Xinhua");
        assert_eq!(o.canonical("blog.example.org"), "blog.example.org");
        // An outlet and its channel; an outlet's name before another country's is not it.
        assert_eq!(o.canonical("人民网-军事频道"), "People's Daily");
        assert_eq!(o.canonical("Xinhua | World"), "Xinhua");
        // Two names of one outlet; two outlets stay as written.
        assert_eq!(
            o.canonical("China Military Online / 中国军网"),
            "China Military Online"
        );
        assert_eq!(o.canonical("Xinhua / PLA Daily"), "Xinhua / PLA Daily");
        assert_ne!(
            o.canonical("Ministry of National Defense - Taiwan"),
            "Ministry of National Defense"
        );
        assert!(o.is_name("中国军网"));
        assert!(!o.is_name("Ministry of Truth"));
        for outlet in o.all() {
            assert!(
                outlet.hosts.iter().all(|h| *h == h.to_ascii_lowercase()),
                "{outlet:?}"
            );
        }
    }

    #[test]
    fn outlets_named_in_a_line() {
        let o = outlets();
        let find = |t: &str| o.find_in(t).map(|o| o.name.as_str());
        assert_eq!(
            find("PLA Daily (解放军报) · 14 August 2026"),
            Some("PLA Daily")
        );
        assert_eq!(
            find("来源：中国军网 2026年05月18日"),
            Some("China Military Online")
        );
        assert_eq!(find("Published by the AMNDX group"), None);
        // Taiwan's ministry is not the mainland's, however its site writes its name.
        assert_eq!(
            find("Ministry of National Defense, R.O.C.(Taiwan) - News Releases"),
            Some("Taiwan Ministry of National Defense")
        );
        assert_eq!(
            o.lookup("中華民國國防部").map(|o| o.name.as_str()),
            Some("Taiwan Ministry of National Defense")
        );
        assert_eq!(
            find("国防部新闻发言人"),
            Some("Ministry of National Defense")
        );
        assert_eq!(find("14 August 2026"), None);
        // A Chinese body with its country in front is the body.
        let named = |n: &str| o.lookup(n).map(|o| o.name.as_str());
        assert_eq!(named("中国国防部"), Some("Ministry of National Defense"));
        assert_eq!(named("中國國防部"), named("中国国防部"));
        assert_eq!(named("中国国防报"), Some("China National Defense News"));
        assert_eq!(named("中国"), None);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(Outlets::from_toml("[[outlet]]\nname = \"X\"\nhost = \"x.cn\"\n").is_err());
    }
}
