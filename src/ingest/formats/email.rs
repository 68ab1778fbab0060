//! An e-mail saved as a file (`.eml`): a colleague's forwarded article. The subject, without
//! `Fwd:` and the like, is the title; the text is the plain-text part (else the HTML part, read
//! as a page), without the block of forwarding headers it opens with. The mail's own date is
//! when it was sent, not when the article appeared: it dates the document only when the text
//! gives no date of its own.

use super::mime::{decode_words, Entity};
use super::{html, FileParse, ParseError};
use crate::document::Parsed;
use crate::extract::date;

/// Parses a saved e-mail into its document.
pub fn parse(text: &str) -> FileParse {
    let Some(message) = Entity::parse(text) else {
        return FileParse::failed("not an e-mail: it does not open with mail headers");
    };
    // Forwarded as an attachment (Outlook): the mail inside is the article.
    if let Some(inner) = attached_message(&message) {
        let inner = String::from_utf8_lossy(&inner.bytes()).into_owned();
        if Entity::parse(&inner).is_some() {
            return parse(&inner);
        }
    }
    let subject = message
        .header("subject")
        .map(|s| without_reply_marks(&decode_words(s)))
        .unwrap_or_default();
    let sent = message.header("date").and_then(date::find_date);
    let Some(part) = text_part(&message, "text/plain").or_else(|| text_part(&message, "text/html"))
    else {
        return FileParse::failed("an e-mail without a text or HTML part");
    };
    let decoded = match part.text() {
        Ok(decoded) => decoded,
        Err(err) => return FileParse::failed(format!("its text: {err}")),
    };
    let mut parsed = if part.media_type() == "text/html" {
        let mut page = html::parse(&decoded.text);
        if let Some(doc) = page.docs.first_mut() {
            if doc.title.trim().is_empty() {
                doc.title = subject.clone();
            }
        }
        page
    } else {
        let body = without_forwarding_headers(&unquoted(&decoded.text));
        FileParse {
            docs: vec![Parsed {
                title: subject.clone(),
                body,
                ..Parsed::default()
            }],
            ..FileParse::default()
        }
    };
    for doc in &mut parsed.docs {
        if doc.date.is_none() && !dates_itself(&doc.body) {
            doc.date = sent;
        }
    }
    if let Some(warning) = decoded.warning {
        parsed
            .warnings
            .push(ParseError::new(None, format!("its text: {warning}")));
    }
    parsed
}

/// The first part of type `kind` (`text/plain`), looked for inside nested multiparts too
/// (`multipart/mixed` holding `multipart/alternative`); attachments are not text.
fn text_part<'a>(entity: &Entity<'a>, kind: &str) -> Option<Entity<'a>> {
    let parts = entity.parts();
    if parts.is_empty() {
        let attached = entity
            .header("content-disposition")
            .is_some_and(|d| d.trim().to_ascii_lowercase().starts_with("attachment"));
        return (entity.media_type() == kind && !attached).then(|| entity.clone());
    }
    parts.iter().find_map(|part| text_part(part, kind))
}

/// The first mail attached whole (`message/rfc822`), looked for inside nested multiparts.
fn attached_message<'a>(entity: &Entity<'a>) -> Option<Entity<'a>> {
    entity.parts().into_iter().find_map(|part| {
        if part.media_type() == "message/rfc822" {
            Some(part)
        } else {
            attached_message(&part)
        }
    })
}

/// A mail saved as plain text by a mail program (Outlook's "Save As" text): its header lines
/// (`From:`, `Sent:`, `To:`, `Subject:`, or `发件人:`, `发送时间:`, `主题:`) open the file. Read
/// as an `.eml` is: the subject is the title, the text under the headers the body, the time
/// sent its date only when the text has none. `None` when the file does not open so.
pub(super) fn saved_as_text(text: &str) -> Option<FileParse> {
    let label = |line: &str, names: &[&str]| -> Option<String> {
        let (name, value) = line.split_once([':', '：'])?;
        names
            .iter()
            .any(|n| name.trim().eq_ignore_ascii_case(n))
            .then(|| value.trim().to_string())
    };
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    label(lines.next()?, &["from", "发件人"])?;
    let (mut subject, mut sent) = (None, None);
    let mut read = 0;
    for line in lines.by_ref() {
        if line.trim().is_empty() {
            break;
        }
        read += 1;
        if read > 12 {
            return None;
        }
        subject = subject.or_else(|| label(line, &["subject", "主题"]));
        sent = sent.or_else(|| label(line, &["sent", "date", "发送时间", "日期"]));
    }
    let subject = without_reply_marks(&subject?);
    let rest: Vec<&str> = lines.collect();
    let body = without_forwarding_headers(&unquoted(&rest.join("\n")));
    Some(FileParse {
        docs: vec![Parsed {
            title: subject,
            date: sent
                .filter(|_| !dates_itself(&body))
                .and_then(|s| date::find_date(&s)),
            body,
            ..Parsed::default()
        }],
        ..FileParse::default()
    })
}

/// Whether a mail's text gives a date of its own, which the day it was sent never overrides.
fn dates_itself(body: &str) -> bool {
    date::stamped_date(body).is_some() || date::find_date(body).is_some()
}

/// A subject without the marks of a reply or a forward (`Fwd:`, `FW:`, `Re:`, `转发：`).
fn without_reply_marks(subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        let lower = rest.to_lowercase();
        let mark = [
            "fwd:",
            "fw:",
            "re:",
            "转发：",
            "转发:",
            "回复：",
            "回复:",
            "答复：",
        ]
        .iter()
        .find(|m| lower.starts_with(*m));
        match mark {
            Some(mark) => rest = rest[mark.len()..].trim_start(),
            None => return rest.to_string(),
        }
    }
}

/// A reply's or forward's text quoted line by line (`> 问：…`, `>> Q: …`): without the quote
/// marks, when quoted lines are most of its text, so that the quoted release reads (and its
/// sentences and turns search) as it was written.
fn unquoted(text: &str) -> std::borrow::Cow<'_, str> {
    let quoted = |l: &str| l.trim_start().starts_with('>');
    let written = text.lines().filter(|l| !l.trim().is_empty());
    let (all, marked) = written.fold((0, 0), |(a, m), l| (a + 1, m + usize::from(quoted(l))));
    if marked == 0 || marked * 2 < all {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text
        .lines()
        .map(|l| match quoted(l) {
            true => l.trim_start().trim_start_matches(['>', ' ']).trim_end(),
            false => l,
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// The text without the forwarding block it may open with (`---------- Forwarded message
/// ---------`, `From:`, `Date:`, `Subject:`, `To:`, `发件人：` ... lines).
fn without_forwarding_headers(text: &str) -> String {
    const HEADERS: &[&str] = &[
        "from:",
        "sent:",
        "date:",
        "to:",
        "cc:",
        "subject:",
        "发件人：",
        "发送时间：",
        "收件人：",
        "抄送：",
        "主题：",
        "日期：",
    ];
    let mut lines = text.lines().peekable();
    let mut skipped = false;
    while let Some(line) = lines.peek() {
        let l = line.trim().to_lowercase();
        let divider = l.starts_with("-----") && (l.contains("forward") || l.contains("original"))
            || l.contains("转发的邮件")
            || l.contains("原始邮件");
        if l.is_empty() || divider || HEADERS.iter().any(|h| l.starts_with(h)) {
            skipped |= !l.is_empty();
            lines.next();
        } else {
            break;
        }
    }
    if !skipped {
        return text.trim().to_string();
    }
    lines.collect::<Vec<_>>().join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_saved_as_text_is_read_as_a_mail() {
        let text = "From:\tJane Park <jane@example.org>\nSent:\tSunday, June 1, 2025 10:15 AM\n\
                    To:\tDesk\nSubject:\tFW: Hegseth remarks at Shangri-La\n\n\
                    Remarks as delivered.\n";
        let doc = &saved_as_text(text).expect("a mail").docs[0];
        assert_eq!(doc.title, "Hegseth remarks at Shangri-La");
        assert_eq!(doc.body, "Remarks as delivered.");
        assert_eq!(doc.date, crate::document::Date::new(2025, 6, 1));
        let text = "发件人: 李明 <liming@example.org>\n发送时间: 2025年4月2日 9:30\n主题: 转发: 东部战区发表谈话\n\n\
                    2025年4月1日，东部战区新闻发言人发表谈话。\n";
        let doc = &saved_as_text(text).expect("a mail").docs[0];
        assert_eq!(doc.title, "东部战区发表谈话");
        // The text's own date stands; the time sent is only for a text without one.
        assert_eq!(doc.date, None);
        assert!(
            saved_as_text("From: the ministry's point of view\nthe drill is routine.\n").is_none()
        );
    }

    #[test]
    fn a_quoted_forward_reads_without_its_quote_marks() {
        let mail = "Subject: =?UTF-8?B?6L2s5Y+R77ya?= MND\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\
                    FYI\r\n\r\nOn Mon, Jun 3, 2024, Desk wrote:\r\n> 问：美方宣布对台军售，\r\n> 有何评论？\r\n\
                    > 张晓刚：我们敦促美方停止武装\r\n> 台湾。\r\n>> 原文完\r\n";
        let doc = &parse(mail).docs[0];
        assert!(
            doc.body
                .contains("\n问：美方宣布对台军售，\n有何评论？\n张晓刚："),
            "{}",
            doc.body
        );
        assert!(
            doc.body.contains("停止武装\n台湾。\n原文完"),
            "{}",
            doc.body
        );
        assert!(doc.body.starts_with("FYI"), "{}", doc.body);
        // A reply that quotes a line or two keeps its marks.
        let mail = "Subject: Re: drill\r\n\r\nThe drill ended on time, as planned.\r\nAll units returned.\r\n\
                    Nothing else to add.\r\n> When does it end?\r\n";
        assert!(parse(mail).docs[0].body.contains("> When does it end?"));
    }

    #[test]
    fn a_forwarded_article_is_its_subject_and_text() {
        let mail = "From: Analyst <a@example.org>\r\nDate: Thu, 29 May 2025 09:12:00 +0800\r\n\
                    Subject: Fwd: =?UTF-8?B?5Zu96Ziy6YOo?= briefing\r\nMIME-Version: 1.0\r\n\
                    Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\n\
                    Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
                    ---------- Forwarded message ---------\r\nFrom: Desk <d@example.org>\r\n\
                    Subject: briefing\r\n\r\nThe spokesperson said the drills were routine.=\r\n Nothing more.\r\n\
                    --b1\r\nContent-Type: text/html\r\n\r\n<p>html copy</p>\r\n--b1--\r\n";
        let parsed = parse(mail);
        let doc = &parsed.docs[0];
        assert_eq!(doc.title, "国防部 briefing");
        assert_eq!(
            doc.body,
            "The spokesperson said the drills were routine. Nothing more."
        );
        // No date in the text: the mail's own.
        assert_eq!(
            doc.date.map(|d| d.to_string()).as_deref(),
            Some("2025-05-29")
        );
    }

    #[test]
    fn not_a_mail_is_named() {
        let parsed = parse("just some text\nwith lines");
        assert!(parsed.docs.is_empty());
        assert!(parsed.errors[0].message.contains("not an e-mail"));
    }

    #[test]
    fn a_mail_forwarded_as_an_attachment_is_the_mail_inside() {
        let inner = "From: desk@example.org\r\nDate: Wed, 4 Dec 2024 08:00:00 +0800\r\nSubject: =?UTF-8?B?5rW36K2m?= water cannon\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nThe coast guard spokesperson Gan Yu said the ships were expelled.\r\n";
        let mail = format!(
            "From: a@example.org\r\nDate: Thu, 5 Dec 2024 09:00:00 +0800\r\nSubject: FW: x\r\n\
             Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\n\
             See attached.\r\n--m\r\nContent-Type: message/rfc822\r\n\r\n{inner}\r\n--m--\r\n"
        );
        let doc = &parse(&mail).docs[0];
        assert_eq!(doc.title, "海警 water cannon");
        assert!(doc.body.contains("Gan Yu"), "{}", doc.body);
        assert_eq!(
            doc.date.map(|d| d.to_string()).as_deref(),
            Some("2024-12-04")
        );
    }
}
