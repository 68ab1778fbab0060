//! The article title: `og:title`, `<title>` or `<h1>`, with the site name cut off (`标题_中国军网`
//! → `标题`). Site names are the known outlets' names (`data/outlets.toml`), the page's own
//! site name, or segments shaped like one.

use super::text::collapse;
use crate::ingest::formats::is_page_kind;
use crate::reference::outlets::outlets;

/// What separates a page title from the site's name.
const TITLE_SEPARATORS: &[&str] = &[
    " - ", " | ", "|", " ｜ ", "｜", "丨", " _ ", "_", " – ", "–", "——", " — ", "－", " > ", " » ",
    " : ",
];

/// Splits a `<title>` into the article title and the site name it carries.
///
/// The rule: a last segment that names the kind of page (`Story`, `正文`) is cut off; while the
/// first or last ` - `/` | `/`｜`/`丨`/`_`/`——`/`–`/` > `-separated segment names a site
/// (a known outlet, the page's `og:site_name` or its host's outlet, or a segment shaped like a
/// site name: ending in 网 / Online / Daily / News, starting with 中华人民共和国, holding a
/// domain), it is cut off; the first one cut is the site name. Segments that do not look
/// like a site stay, so `强军之路——写在建军节之际_中国军网` keeps its subtitle.
pub(super) fn split_title(raw: &str, known: &[&str]) -> (String, Option<String>) {
    let mut title = raw.trim();
    let mut site = None;
    loop {
        let last = TITLE_SEPARATORS
            .iter()
            .filter_map(|sep| title.rfind(sep).map(|at| (at, at + sep.len())))
            .max_by_key(|(at, end)| (*at, *end));
        if let Some((at, end)) = last {
            let (head, tail) = (title.get(..at), title.get(end..));
            if let (Some(head), Some(tail)) = (head, tail) {
                if !head.trim().is_empty() && is_page_kind(tail.trim()) {
                    title = head.trim();
                    continue;
                }
                if !head.trim().is_empty() && is_site_name(tail.trim(), known) {
                    site.get_or_insert_with(|| tail.trim().to_string());
                    title = head.trim();
                    continue;
                }
            }
        }
        let first = TITLE_SEPARATORS
            .iter()
            .filter_map(|sep| title.find(sep).map(|at| (at, at + sep.len())))
            .min_by_key(|(at, end)| (*at, usize::MAX - *end));
        if let Some((at, end)) = first {
            if let (Some(head), Some(tail)) = (title.get(..at), title.get(end..)) {
                if !tail.trim().is_empty() && is_site_name(head.trim(), known) {
                    site.get_or_insert_with(|| head.trim().to_string());
                    title = tail.trim();
                    continue;
                }
                // `國防部新聞稿－標題`: an outlet and the kind of page before the headline.
                if !tail.trim().is_empty() {
                    if let Some(named) = crate::ingest::formats::masthead(head.trim()) {
                        if let Some(outlet) = named {
                            site.get_or_insert_with(|| outlet.name.clone());
                        }
                        title = tail.trim();
                        continue;
                    }
                }
            }
        }
        // A bare hyphen separates only a known outlet's name (`…隆重举行-新华网`), or one from
        // the kind of page (`解放军报-数字报`): elsewhere it joins words (`正义使命-2025`).
        if let Some((head, tail)) = title.rsplit_once('-') {
            if !head.trim().is_empty() && outlets().is_name(tail.trim()) {
                site.get_or_insert_with(|| tail.trim().to_string());
                title = head.trim();
                continue;
            }
            if is_page_kind(tail.trim()) && outlets().is_name(head.trim()) {
                title = head.trim();
                continue;
            }
        }
        // `…维护国家主权--军事-` once the site is cut: a channel's name and the dashes left.
        let trimmed = title.trim_end_matches(['-', '_', '—', '－', ' ']);
        if trimmed.len() < title.len() && !trimmed.is_empty() {
            title = trimmed;
            continue;
        }
        if let Some((head, tail)) = title.rsplit_once(['-', '_', '—', '－']) {
            let head = head.trim_end_matches(['-', '_', '—', '－', ' ']);
            if !head.is_empty() && CHANNELS.contains(&tail.trim()) {
                title = head;
                continue;
            }
        }
        break;
    }
    (collapse(title), site)
}

/// Channels and sections of Chinese news sites that their page titles carry after the
/// headline (`…--军事--人民网`, `…_国务院部门_中国政府网`).
const CHANNELS: &[&str] = &[
    "军事",
    "国际",
    "国内",
    "时政",
    "要闻",
    "滚动",
    "社会",
    "军事频道",
    "国际频道",
    "新闻中心",
    "国务院部门",
    "部门动态",
    "部门新闻",
    "中央有关文件",
    "政策",
    // The Ministry of National Defense's sections (`…_新闻发布_中华人民共和国国防部`).
    "新闻发布",
    "国防部发布",
    "权威发布",
    "国防动态",
    "军事外交",
    "新闻发言人",
    "例行记者会",
    "记者会",
    "发言人答记者问",
    "图片新闻",
    "视频新闻",
];

/// The site a page title names beside its article title `article` (one of its segments, found
/// as the page's `<h1>`): the first other segment that is not the kind of page and is short
/// enough for a name (`Title | Asia Defence Monitor`, `Title > U.S. Department of Defense >
/// Story`).
pub(super) fn site_beside(raw: &str, article: &str) -> Option<String> {
    segments(raw)
        .into_iter()
        .filter(|s| s != article)
        .find(|s| {
            let words = s.split_whitespace().count();
            !is_page_kind(s) && words <= 6 && s.chars().count() <= 40
        })
}

/// Every separator-delimited segment of a title, trimmed.
pub(super) fn segments(raw: &str) -> Vec<String> {
    let mut parts = vec![raw.to_string()];
    for sep in TITLE_SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| collapse(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_site_name(segment: &str, known: &[&str]) -> bool {
    if segment.is_empty() || segment.chars().count() > 40 {
        return false;
    }
    let lower = segment.to_lowercase();
    let same = |name: &str| lower == name.to_lowercase();
    outlets().is_name(segment)
        || known.iter().any(|n| same(n))
        || ["网", "網", "官网", "官網", "网站", "網站", "门户"]
            .iter()
            .any(|s| segment.ends_with(s))
        || [" online", " daily", " news", " network", " times"]
            .iter()
            .any(|s| lower.ends_with(s))
        || segment.starts_with("中华人民共和国")
        || lower.starts_with("ministry of ")
        || [".com", ".cn", ".org", "www."]
            .iter()
            .any(|s| lower.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_site_names() {
        const CASES: &[(&str, &str, Option<&str>)] = &[
            (
                "国防部：中国军队将坚定维护国家主权--军事--人民网",
                "国防部：中国军队将坚定维护国家主权",
                Some("人民网"),
            ),
            (
                "东部战区组织演习｜中国军网",
                "东部战区组织演习",
                Some("中国军网"),
            ),
            (
                "东部战区组织演习丨澎湃新闻网",
                "东部战区组织演习",
                Some("澎湃新闻网"),
            ),
            (
                "国务院新闻办发表白皮书_国务院部门_中国政府网",
                "国务院新闻办发表白皮书",
                Some("中国政府网"),
            ),
            (
                "国防部：中方将派舰艇参加演练_中华人民共和国国防部",
                "国防部：中方将派舰艇参加演练",
                Some("中华人民共和国国防部"),
            ),
            (
                "国防部：第十二届北京香山论坛将于9月中旬举行_新闻发布_中华人民共和国国防部",
                "国防部：第十二届北京香山论坛将于9月中旬举行",
                Some("中华人民共和国国防部"),
            ),
            (
                "China Military Online - Navies wrap up drill",
                "Navies wrap up drill",
                Some("China Military Online"),
            ),
            (
                "Japan Ministry of Defense : Activities of Chinese aircraft carrier",
                "Activities of Chinese aircraft carrier",
                Some("Japan Ministry of Defense"),
            ),
            // A colon inside a headline is no separator.
            ("Xi Jinping : a profile", "Xi Jinping : a profile", None),
            (
                "强军之路——写在建军节之际_中国军网",
                "强军之路——写在建军节之际",
                Some("中国军网"),
            ),
            (
                "Spokesperson's remarks | Ministry of Foreign Affairs of the PRC",
                "Spokesperson's remarks",
                Some("Ministry of Foreign Affairs of the PRC"),
            ),
            ("US - China talks resume", "US - China talks resume", None),
            (
                "Allies meet on deterrence > U.S. Department of Defense > Story",
                "Allies meet on deterrence",
                Some("U.S. Department of Defense"),
            ),
            (
                "大会在京隆重举行-新华网",
                "大会在京隆重举行",
                Some("新华网"),
            ),
            ("开展正义使命-2025演习", "开展正义使命-2025演习", None),
            ("_", "_", None),
            ("新华网 - ", "新华网", None),
        ];
        for (raw, title, site) in CASES {
            let got = split_title(raw, &[]);
            assert_eq!((got.0.as_str(), got.1.as_deref()), (*title, *site), "{raw}");
        }
    }

    #[test]
    fn the_site_beside_a_known_article_title() {
        const CASES: &[(&str, &str, Option<&str>)] = &[
            (
                "Rocket Force holds open day | Asia Defence Monitor",
                "Rocket Force holds open day",
                Some("Asia Defence Monitor"),
            ),
            (
                "Allies meet > Story > U.S. Department of Defense",
                "Allies meet",
                Some("U.S. Department of Defense"),
            ),
            ("Allies meet > Story", "Allies meet", None),
            (
                "Allies meet | A segment far too long to be the name of any site at all",
                "Allies meet",
                None,
            ),
        ];
        for (raw, article, site) in CASES {
            assert_eq!(site_beside(raw, article).as_deref(), *site, "{raw}");
        }
    }
}
