#!/usr/bin/env python3
"""milpress against what a user would otherwise pick: SQLite FTS5, grep and ripgrep.

Runs the query classes of the milpress scale bench (`cargo bench --bench scale`, which writes
`target/scale/results-N.json`) with each peer over the same generated corpus, and prints each
engine's median latency per class next to milpress's, with the ratio peer / milpress (above 1
means milpress is faster) and a note wherever the comparison is not like for like.

    MILPRESS_SCALE=100000 cargo bench --bench scale
    python3 benches/peers.py --milpress target/scale/results-100000.json \
        [--corpus target/scale/corpus-100000] [--runs 5] [--json peers-100000.json]

`--corpus` defaults to the corpus named in the milpress file. Without a milpress file (or when
it is missing) the peers run the default query set and print their figures alone.

The corpus is the generator's mix of formats (benches/support/mod.rs): JSON Lines feeds
(`feeds/part-NNNN.jsonl`), releases one per file in Markdown with front matter or plain text
(`releases/NNNN/gNNNNNNN.md|txt`) and headline lists (`headlines/list-NNNN.txt`). A folder of
`part-NNNN.jsonl` files alone (the layout of older corpora) works too.

Engines:
  sqlite  SQLite FTS5 through Python's sqlite3, in process: an FTS5 table with the trigram
          tokenizer for Chinese-language documents, one with `porter unicode61` for English ones
          (and the English translations that Chinese feed records carry), and plain tables for
          the metadata (id, title, date, year, lang, source, kind) and speakers. Each query
          fetches the top 10 rows by bm25() (title weighted 3x body, as milpress does) and counts
          all matches.
  grep    `grep -rc -F` over the corpus folder and its subfolders, a new process per query
          (LC_ALL=C.UTF-8); it counts matching lines, not documents (see the report's end).
  rg      `rg -c -F` likewise, when ripgrep is installed (this script installs nothing).

Python 3.11 standard library only. Progress goes to stderr, the report to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CLASSES = [
    "english_term",
    "english_and",
    "english_phrase",
    "chinese_term",
    "chinese_phrase",
    "cross_language",
    "filtered",
    "sorted_by_date",
    "common_term",
]

# The queries of benches/scale.rs, used when there is no milpress file to take them from.
DEFAULT_QUERIES: dict[str, list] = {
    "english_term": ["forum", "navy", "Taiwan", "exercise"],
    "english_and": ["military cooperation", "Taiwan independence", "naval escort", "defense ministry"],
    "english_phrase": ['"military cooperation"', '"South China Sea"', '"national defense"'],
    "chinese_term": ["香山论坛", "演习", "台湾", "海军"],
    "chinese_phrase": ['"国防部新闻发言人"', '"台独"分裂', '"军事合作"'],
    "cross_language": ["Xiangshan Forum", "南海", "Taiwan independence", "东部战区"],
    "filtered": [
        {"query": "演习", "year": 2024, "speaker": None},
        {"query": "台湾", "year": None, "speaker": "Jiang Bin"},
        {"query": "forum", "year": 2020, "speaker": None},
    ],
    "sorted_by_date": ["海军", "Taiwan"],
    "common_term": ["the", "中国"],
}

ENGINES = {
    "sqlite": "SQLite FTS5",
    "grep": "grep -rc",
    "rg": "ripgrep (rg -c)",
}

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RE = re.compile(f"[{CJK}]")
CJK_GAP_RE = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")
DATE_RE = re.compile(r"^(\d{4})-\d{2}-\d{2}")


class Notes:
    """Notes grouped by what they say, each with the queries or words it applies to."""

    def __init__(self) -> None:
        self.items: dict[str, list[str]] = {}

    def add(self, key: str, value: str | None = None) -> None:
        values = self.items.setdefault(key, [])
        if value is not None and value not in values:
            values.append(value)

    def render(self) -> list[str]:
        return [k + (": " + ", ".join(v) if v else "") for k, v in self.items.items()]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def is_cjk(text: str) -> bool:
    return bool(CJK_RE.search(text))


# --------------------------------------------------------------------------------------------
# Queries: milpress syntax, parsed into what the peers need.


@dataclass
class Item:
    """One word or phrase of a query."""

    text: str  # Chinese: without spaces between characters; English: spaces collapsed
    phrase: bool = False
    prefix: bool = False
    near: int | None = None
    column: str | None = None  # "title" or "body"

    @property
    def lang(self) -> str:
        return "zh" if is_cjk(self.text) else "en"

    def show(self) -> str:
        s = f'"{self.text}"' if self.phrase else self.text
        if self.near is not None:
            s += f"~{self.near}"
        if self.prefix:
            s += "*"
        return f"{self.column}:{s}" if self.column else s


@dataclass
class Query:
    """An AND of OR-groups of items, minus the negated items, with filters and a sort."""

    groups: list[list[Item]] = field(default_factory=list)
    negs: list[Item] = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    sort: str | None = None  # None (relevance), "date", "-date"
    unsupported: list[str] = field(default_factory=list)

    def langs(self) -> set[str]:
        return {it.lang for g in self.groups for it in g}


TOKEN_RE = re.compile(
    r"""(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<phrase>[^"]*)"(?:~(?P<near>\d+))?|(?P<word>[^\s"]+))"""
)
QUERY_FIELDS = {"speaker", "year", "years", "lang", "source", "theme", "kind", "title", "body"}


def normalize(text: str) -> str:
    text = " ".join(text.split())
    return CJK_GAP_RE.sub("", text)


def parse_query(text: str) -> Query:
    """Parses the milpress query syntax (README, Searching) as far as the peers can follow it."""
    q = Query()
    pos = 0
    pending_or = False
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        m = TOKEN_RE.match(text, pos)
        if not m:  # a lone quote
            pos += 1
            continue
        pos = m.end()
        fld = (m.group("field") or "").lower()
        if fld and fld not in QUERY_FIELDS:
            # `http://...` and the like: the whole thing is a word.
            fld = ""
            raw = m.group(0).lstrip("-")
            m_word, m_phrase = raw, None
        else:
            m_word, m_phrase = m.group("word"), m.group("phrase")
        if m_word == "OR" and not fld and not m.group("neg"):
            pending_or = True
            continue
        value = m_phrase if m_phrase is not None else m_word
        if fld in ("speaker", "lang", "source", "theme", "kind"):
            q.filters.setdefault(fld, value)
            continue
        if fld in ("year", "years"):
            q.filters["year"] = value
            continue
        prefix = m_phrase is None and value.endswith("*") and len(value) > 1
        value = normalize(value.rstrip("*") if prefix else value)
        if not value:
            continue
        item = Item(
            text=value,
            phrase=m_phrase is not None and " " in value,
            prefix=prefix,
            near=int(m.group("near")) if m.group("near") else None,
            column=fld or None,
        )
        if m.group("neg"):
            q.negs.append(item)
        elif pending_or and q.groups:
            q.groups[-1].append(item)
        else:
            q.groups.append([item])
        pending_or = False
    return q


def spec_query(spec) -> tuple[str, Query]:
    """A class entry of the milpress file (a string, or an object with `query` and filters)."""
    if isinstance(spec, str):
        return spec, parse_query(spec)
    text = str(spec.get("query", ""))
    q = parse_query(text)
    label = text
    for key, value in spec.items():
        if key == "query" or value is None or value == [] or value == "":
            continue
        if key in ("sort",):
            q.sort = str(value)
        elif key in ("year", "years"):
            q.filters["year"] = value
        elif key in ("speaker", "speakers"):
            q.filters["speaker"] = value
        elif key in ("lang", "source", "theme", "kind", "from", "to"):
            q.filters[key] = value
        elif key in ("limit", "offset", "exact", "any"):
            continue
        else:
            q.unsupported.append(f"{key}={value}")
        label += f" [{key}={value}]"
    return label, q


def year_range(value) -> tuple[int, int]:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return int(value[0]), int(value[1])
    s = str(value)
    if ".." in s:
        a, b = s.split("..", 1)
        return int(a), int(b)
    return int(s), int(s)


# --------------------------------------------------------------------------------------------
# Data: glossary (cross-language forms) and roster (speaker names), from the repository.


class Glossary:
    def __init__(self, path: Path | None):
        self.terms: list[tuple[list[str], list[str]]] = []
        self.source = None
        if path and path.is_file():
            with open(path, "rb") as f:
                data = tomllib.load(f)
            for t in data.get("term", []):
                self.terms.append((list(t.get("en", [])), list(t.get("zh", []))))
            self.source = path

    @staticmethod
    def key(s: str) -> str:
        return normalize(s.replace('"', "")).lower()

    def other_form(self, text: str) -> str | None:
        """The usual form in the other language of a glossary entry written as `text`."""
        k = self.key(text)
        for en, zh in self.terms:
            if any(self.key(f) == k for f in en) and zh:
                return zh[0]
            if any(self.key(f) == k for f in zh) and en:
                return en[0]
        return None


class Roster:
    def __init__(self, path: Path | None):
        self.people: list[list[str]] = []
        if path and path.is_file():
            with open(path, "rb") as f:
                data = tomllib.load(f)
            for p in data.get("person", []):
                names = [p.get("name", ""), p.get("name_zh", ""), *p.get("aliases", [])]
                self.people.append([n for n in names if n])

    def names(self, name: str) -> list[str]:
        """Every spelling of `name` (canonical, Chinese, aliases, Western order)."""
        k = name.strip().lower()
        out = {name.strip()}
        for names in self.people:
            if any(n.lower() == k or " ".join(reversed(n.split())).lower() == k for n in names):
                out.update(names)
        for n in list(out):
            parts = n.split()
            if len(parts) == 2:
                out.add(f"{parts[1]} {parts[0]}")
        return sorted(out)


# --------------------------------------------------------------------------------------------
# The corpus.


# The scale bench's generator (benches/support/mod.rs) writes a mixed corpus, as an archive of
# releases mixes formats:
#   feeds/part-NNNN.jsonl          80% of the documents, one JSON record a line (id, title, body,
#                                  date, source, lang, speakers, title_english, text_english);
#   releases/NNNN/gNNNNNNN.md      Markdown with front matter (title, date, speakers, source,
#                                  lang; strings quoted as Rust's {:?} writes them), then the body;
#   releases/NNNN/gNNNNNNN.txt     plain text: the title line, a blank line, the date line, a blank
#                                  line, the body (no speakers, source or lang);
#   headlines/list-NNNN.txt        one `ID_!_zh_news|en_news_!_HEADLINE` a line: a title alone.
# Older corpora were only `part-NNNN.jsonl` files at the top of the folder; those still work.

FORMATS = {
    "feed": "feed records (.jsonl)",
    "release_md": "Markdown releases (.md)",
    "release_txt": "plain-text releases (.txt)",
    "headline": "headlines (headline lists)",
}


def corpus_files(corpus: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """The corpus files, each with its format (a key of FORMATS), and the globs that name them
    (for grep --include and rg -g, which then search the same files)."""
    old = sorted(corpus.glob("part-*.jsonl"))
    if old:
        return [("feed", p) for p in old], ["part-*.jsonl"]
    files: list[tuple[str, Path]] = []
    for path in sorted(corpus.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(corpus).parts
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            files.append(("feed", path))
        elif suffix == ".md":
            files.append(("release_md", path))
        elif suffix == ".txt":
            files.append(("headline" if "headlines" in rel[:-1] else "release_txt", path))
    globs = {"feed": "*.jsonl", "release_md": "*.md", "release_txt": "*.txt", "headline": "*.txt"}
    return files, sorted({globs[kind] for kind, _ in files})


def guess_lang(text: str) -> str:
    """zh when at least a third of the characters are Chinese, else en."""
    cjk = len(CJK_RE.findall(text))
    return "zh" if cjk * 3 > len(text) else "en"


RUST_ESCAPE_RE = re.compile(r"\\(u\{([0-9a-fA-F]{1,6})\}|.)", re.S)
RUST_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}
QUOTED_RE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)


def unquote(value: str) -> str:
    r"""A string as Rust's {:?} quotes it ("a \"b\" \u{301}"), or a bare value."""
    v = value.strip()
    if len(v) < 2 or v[0] != '"' or v[-1] != '"':
        return v
    try:
        # JSON reads most of it; only \u{..}, \0 and \' are Rust's own.
        s = json.loads(v)
        if isinstance(s, str):
            return s
    except ValueError:
        pass

    def one(m: re.Match) -> str:
        if m.group(2):
            try:
                return chr(int(m.group(2), 16))
            except ValueError:
                return m.group(0)
        return RUST_ESCAPES.get(m.group(1), m.group(0))

    try:
        return RUST_ESCAPE_RE.sub(one, v[1:-1])
    except (ValueError, re.error):
        return v[1:-1]


def unquote_list(value: str) -> list[str]:
    """A front matter list: `["A", "B"]` (Rust {:?} strings), or bare `A, B`."""
    v = value.strip()
    if v.startswith("[") and v.endswith("]"):
        try:
            items = json.loads(v)
            if isinstance(items, list):
                return [str(x) for x in items]
        except ValueError:
            pass
        inner = v[1:-1]
        if '"' in inner:
            return [unquote(m.group(0)) for m in QUOTED_RE.finditer(inner)]
        v = inner
    return [unquote(x) for x in v.split(",") if x.strip()]


def read_markdown(text: str) -> dict:
    """A release in Markdown: `---` front matter of `key: value` lines, then the body."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break
            key, sep, value = lines[i].partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip()
        else:
            start = 0  # no closing line: not front matter after all
            meta = {}
    body = "\n".join(lines[start:]).strip()
    title = unquote(meta["title"]) if "title" in meta else ""
    if not title and body:
        # No front matter title: the first line (a heading, usually) is the title.
        first, _, rest = body.partition("\n")
        title, body = first.lstrip("#").strip(), rest.strip()
    return {
        "title": title,
        "body": body,
        "date": unquote(meta.get("date", "")),
        "speakers": unquote_list(meta.get("speakers", "")),
        "source": unquote(meta.get("source", "")),
        "lang": unquote(meta.get("lang", "")),
    }


DATELINE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_text_release(text: str) -> dict:
    """A release in plain text: the title line, a blank line, the date line, a blank line, the body."""
    lines = text.split("\n")
    title = lines[0].strip() if lines else ""
    i = 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    date = None
    if i < len(lines) and DATELINE_RE.fullmatch(lines[i].strip()):
        date = lines[i].strip()
        i += 1
    return {"title": title, "body": "\n".join(lines[i:]).strip(), "date": date}


def document(raw: dict, fmt: str, fallback_id: str) -> dict:
    """One document in the shape the peers index, whatever format it came from."""
    title = str(raw.get("title") or "")
    body = str(raw.get("body") or "")
    date = raw.get("date")
    date = date if isinstance(date, str) and DATE_RE.match(date) else None
    lang = raw.get("lang")
    if lang not in ("en", "zh"):
        lang = guess_lang(title + body)
    speakers = raw.get("speakers") or []
    if isinstance(speakers, str):
        speakers = [speakers]
    return {
        "format": fmt,
        "kind": "headline" if fmt == "headline" else "release",
        "id": str(raw.get("id") or fallback_id),
        "title": title,
        "body": body,
        "date": date,
        "year": int(date[:4]) if date else None,
        "lang": lang,
        "source": str(raw.get("source") or ""),
        "speakers": [str(s).strip() for s in speakers if str(s).strip()],
        "title_english": str(raw.get("title_english") or ""),
        "text_english": str(raw.get("text_english") or ""),
    }


def documents(corpus: Path, stats: dict | None = None):
    """Every document of the corpus, in file order, as a dict (see `document`). `stats`, when
    given, counts the documents of each format and the lines that could not be read."""
    if stats is None:
        stats = {}
    stats.setdefault("bad_lines", 0)
    for fmt in FORMATS:
        stats.setdefault(fmt, 0)
    files, _ = corpus_files(corpus)
    for fmt, path in files:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
            if fmt in ("release_md", "release_txt"):
                text = f.read().replace("\r\n", "\n")
                raw = read_markdown(text) if fmt == "release_md" else read_text_release(text)
                stats[fmt] += 1
                yield document(raw, fmt, path.stem)
                continue
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                if fmt == "feed":
                    try:
                        raw = json.loads(line)
                    except ValueError:
                        raw = None
                    if not isinstance(raw, dict):
                        stats["bad_lines"] += 1
                        continue
                else:  # a headline: ID_!_CODE_!_HEADLINE, CODE zh_news or en_news
                    parts = line.split("_!_", 2)
                    if len(parts) < 3 or not parts[2].strip():
                        stats["bad_lines"] += 1
                        continue
                    code = parts[1].strip().lower()
                    lang = "zh" if code.startswith("zh") else "en" if code.startswith("en") else None
                    raw = {"id": parts[0].strip(), "title": parts[2].strip(), "lang": lang}
                stats[fmt] += 1
                yield document(raw, fmt, f"{path.stem}:{n}")


def check_escaping(files: list[tuple[str, Path]]) -> str | None:
    """Warns when the JSON writes Chinese as \\uXXXX escapes (grep would not find it)."""
    feeds = [p for fmt, p in files if fmt == "feed"]
    if not feeds:
        return None
    with open(feeds[0], "rb") as f:
        head = f.read(1 << 16).decode("utf-8", "replace")
    if not is_cjk(head) and re.search(r"\\u[3-9][0-9a-fA-F]{3}", head):
        return (
            "the corpus writes Chinese as \\uXXXX escapes: grep and rg search the raw bytes and "
            "cannot find Chinese words in its feeds"
        )
    return None


# --------------------------------------------------------------------------------------------
# SQLite FTS5.

WEIGHTS = "3.0, 1.0"  # title, body: milpress weighs title matches three times body matches


class Fts:
    def __init__(self, corpus: Path, db_dir: Path, roster: Roster):
        self.roster = roster
        self.path = db_dir / "peers.sqlite"
        if self.path.exists():
            self.path.unlink()
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.version = sqlite3.sqlite_version
        self.build(corpus)

    def build(self, corpus: Path) -> None:
        db = self.db
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("CREATE VIRTUAL TABLE zh USING fts5(title, body, tokenize='trigram')")
        db.execute("CREATE VIRTUAL TABLE en USING fts5(title, body, tokenize='porter unicode61')")
        # kind: "headline" for the lines of headline lists, "release" for the rest, as milpress has it.
        db.execute(
            "CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, date TEXT, "
            "year INTEGER, lang TEXT, source TEXT, speakers TEXT, kind TEXT)"
        )
        db.execute("CREATE TABLE speaker(doc INTEGER, name TEXT COLLATE NOCASE)")
        self.counts = {"docs": 0, "zh": 0, "en": 0, "translations": 0, "bad_lines": 0}
        formats: dict = {}
        started = time.perf_counter()
        db.execute("BEGIN")
        rowid = 0
        batch = {"meta": [], "zh": [], "en": [], "speaker": []}

        def flush() -> None:
            db.executemany("INSERT INTO meta VALUES (?,?,?,?,?,?,?,?,?)", batch["meta"])
            db.executemany("INSERT INTO zh(rowid, title, body) VALUES (?,?,?)", batch["zh"])
            db.executemany("INSERT INTO en(rowid, title, body) VALUES (?,?,?)", batch["en"])
            db.executemany("INSERT INTO speaker VALUES (?,?)", batch["speaker"])
            for v in batch.values():
                v.clear()

        for d in documents(corpus, formats):
            rowid += 1
            lang = d["lang"]
            batch["meta"].append(
                (rowid, d["id"], d["title"], d["date"], d["year"], lang, d["source"],
                 json.dumps(d["speakers"], ensure_ascii=False), d["kind"])
            )
            batch[lang].append((rowid, d["title"], d["body"]))
            self.counts[lang] += 1
            if lang == "zh" and (d["title_english"] or d["text_english"]):
                # A translation makes the record findable in English, as in milpress.
                batch["en"].append((rowid, d["title_english"], d["text_english"]))
                self.counts["translations"] += 1
            batch["speaker"].extend((rowid, s) for s in d["speakers"])
            if rowid % 2000 == 0:
                flush()
            if rowid % 20000 == 0:
                log(f"  sqlite: {rowid:,} documents inserted ({time.perf_counter() - started:.1f} s)")
        flush()
        db.execute("CREATE INDEX meta_year ON meta(year)")
        db.execute("CREATE INDEX meta_date ON meta(date)")
        db.execute("CREATE INDEX speaker_name ON speaker(name, doc)")
        db.execute("COMMIT")
        self.counts["docs"] = rowid
        self.counts["bad_lines"] = formats.pop("bad_lines", 0)
        self.counts["formats"] = formats
        self.insert_s = time.perf_counter() - started
        started = time.perf_counter()
        db.execute("INSERT INTO zh(zh) VALUES('optimize')")
        db.execute("INSERT INTO en(en) VALUES('optimize')")
        db.execute("ANALYZE")
        self.optimize_s = time.perf_counter() - started
        self.db_bytes = self.path.stat().st_size

    # -- compiling a query -----------------------------------------------------------------

    @staticmethod
    def fts_ok(item: Item, table: str) -> bool:
        """Whether the item is a full-text (indexed) match on this table, rather than a LIKE."""
        if table == "en":
            return item.lang == "en"
        # trigram: any string of 3 or more characters, as a substring
        return len(item.text) >= 3

    @staticmethod
    def fts_frag(item: Item, table: str) -> str:
        if table == "en" and item.near is not None:
            words = " ".join('"' + w.replace('"', '""') + '"' for w in item.text.split())
            frag = f"NEAR({words}, {item.near})"
        else:
            frag = '"' + item.text.replace('"', '""') + '"'
            if table == "en" and item.prefix:
                frag += "*"
        return f"{item.column} : {frag}" if item.column else frag

    @staticmethod
    def like_frag(item: Item, table: str) -> tuple[str, list]:
        pattern = "%" + item.text.replace("%", "").replace("_", "") + "%"
        cols = [item.column] if item.column else ["title", "body"]
        # `+column`: evaluated by SQLite on each row, never handed to FTS5. The trigram tokenizer
        # of SQLite 3.40 returns no rows at all for a handed-down LIKE whose pattern has fewer
        # than 3 non-ASCII characters ('%演习%'), and cannot use its index for it anyway.
        return "(" + " OR ".join(f"+{table}.{c} LIKE ?" for c in cols) + ")", [pattern] * len(cols)

    def side(self, q: Query, table: str, notes: Notes) -> tuple[str, list, bool]:
        """WHERE clause for one FTS table, its parameters, and whether it is a MATCH (ranked)."""
        fts_parts: list[str] = []
        neg_fts: list[str] = []
        conds: list[str] = []
        params: list = []
        like_params: list = []
        for group in q.groups:
            if all(self.fts_ok(it, table) for it in group):
                frags = [self.fts_frag(it, table) for it in group]
                fts_parts.append(frags[0] if len(frags) == 1 else "(" + " OR ".join(frags) + ")")
            else:
                sqls = []
                for it in group:
                    s, p = self.like_frag(it, table)
                    sqls.append(s)
                    like_params += p
                    if table == "zh" and it.lang == "zh" and len(it.text) < 3:
                        notes.add(
                            "fewer than 3 characters, so LIKE '%word%' on the trigram table, which "
                            "cannot use the trigram index below 3 characters: a scan of every "
                            "Chinese document, unranked unless another word of the query is a MATCH",
                            it.text,
                        )
                    elif table == "en" and it.lang == "zh":
                        notes.add("Chinese word in English documents: LIKE scan (unicode61 has no substrings)", it.text)
                    elif table == "en":
                        notes.add("English word OR-ed with a Chinese one: LIKE scan, no stemming", it.text)
                conds.append("(" + " OR ".join(sqls) + ")")
        for it in q.negs:
            if fts_parts and self.fts_ok(it, table):
                neg_fts.append(self.fts_frag(it, table))
            else:
                s, p = self.like_frag(it, table)
                conds.append("NOT " + s)
                like_params += p
        ranked = bool(fts_parts)
        where: list[str] = []
        if ranked:
            expr = " AND ".join(fts_parts)
            if neg_fts:
                expr = "(" + expr + ") NOT " + " NOT ".join(neg_fts)
            where.append(f"{table} MATCH ?")
            params.append(expr)
        where += conds
        params += like_params
        for it in (i for g in q.groups for i in g):
            if it.near is not None and table == "zh":
                notes.add("NEAR not applied to Chinese (substring match)", it.show())
        return (" AND ".join(where) if where else "1"), params, ranked

    def compile(self, alts: list[Query], notes: Notes) -> tuple[tuple[str, list], tuple[str, list]]:
        """The top-10 and the count statements for the union of the alternatives."""
        sides: list[tuple[str, str, list, bool]] = []
        base = alts[0]
        for q in alts:
            langs = q.langs() or {"en", "zh"}
            tables = ["en"] if langs == {"en"} else ["zh"] if langs == {"zh"} else ["en", "zh"]
            if len(langs) > 1 and q.groups:
                notes.add("a query mixing English and Chinese runs on both tables")
            lang_filter = base.filters.get("lang")
            if lang_filter in ("en", "zh"):
                tables = [lang_filter]
            for t in tables:
                where, params, ranked = self.side(q, t, notes)
                sides.append((t, where, params, ranked))
        # filters on the metadata
        fconds: list[str] = []
        fparams: list = []
        f = base.filters
        if "year" in f:
            a, b = year_range(f["year"])
            fconds.append("m.year BETWEEN ? AND ?")
            fparams += [a, b]
        if f.get("from"):
            fconds.append("m.date >= ?")
            fparams.append(str(f["from"]))
        if f.get("to"):
            fconds.append("m.date <= ?")
            fparams.append(str(f["to"]) + "\uffff")
        if f.get("lang"):
            fconds.append("m.lang = ?")
            fparams.append(str(f["lang"]))
        if f.get("source"):
            fconds.append("m.source LIKE ?")
            fparams.append(f"%{f['source']}%")
        if f.get("speaker"):
            wanted = f["speaker"] if isinstance(f["speaker"], list) else [f["speaker"]]
            names = sorted({n for w in wanted for n in self.roster.names(str(w))})
            fconds.append(f"x.rid IN (SELECT doc FROM speaker WHERE name IN ({','.join('?' * len(names))}))")
            fparams += names
            if len(names) > 1:
                notes.add("speaker filter takes every spelling in data/roster.toml", " / ".join(names))
        if f.get("kind"):
            fconds.append("m.kind = ?")
            fparams.append(str(f["kind"]))

        ranked_sel = []
        ids_sel = []
        params_ranked: list = []
        params_ids: list = []
        for t, where, params, ranked in sides:
            score = f"bm25({t}, {WEIGHTS})" if ranked else "0.0"
            ranked_sel.append(f"SELECT {t}.rowid AS rid, {score} AS s FROM {t} WHERE {where}")
            ids_sel.append(f"SELECT {t}.rowid AS rid FROM {t} WHERE {where}")
            params_ranked += params
            params_ids += params
        any_ranked = any(s[3] for s in sides)
        if len(sides) == 1:
            inner_ranked, inner_ids = ranked_sel[0], ids_sel[0]
        else:
            # The same record can match in both tables (a translation): one row per record.
            inner_ranked = "SELECT rid, min(s) AS s FROM (" + " UNION ALL ".join(ranked_sel) + ") GROUP BY rid"
            inner_ids = " UNION ".join(ids_sel)
            if any_ranked and not all(s[3] for s in sides):
                notes.add("the LIKE-only side of a union is unranked (score 0)")
        fwhere = (" WHERE " + " AND ".join(fconds)) if fconds else ""
        if base.sort in ("-date", "date_desc", "date-desc"):
            order = "m.date DESC, x.s"
        elif base.sort in ("date", "date_asc"):
            order = "m.date IS NULL, m.date ASC, x.s"
        elif any_ranked:
            order = "x.s"
        else:
            order = None
        top = (
            f"SELECT m.id, m.title, m.date, x.s FROM ({inner_ranked}) AS x JOIN meta AS m ON m.rowid = x.rid"
            f"{fwhere}" + (f" ORDER BY {order}" if order else "") + " LIMIT 10"
        )
        if fconds:
            count = f"SELECT count(*) FROM ({inner_ids}) AS x JOIN meta AS m ON m.rowid = x.rid{fwhere}"
        else:
            count = f"SELECT count(*) FROM ({inner_ids}) AS x"
        return (top, params_ranked + fparams), (count, params_ids + fparams)

    def runner(self, alts: list[Query], notes: Notes):
        (top_sql, top_params), (count_sql, count_params) = self.compile(alts, notes)
        db = self.db

        def run() -> int:
            db.execute(top_sql, top_params).fetchall()
            return db.execute(count_sql, count_params).fetchone()[0]

        return run, {"top10": top_sql, "top10_params": top_params, "count": count_sql, "count_params": count_params}

    def close(self) -> None:
        self.db.close()


# --------------------------------------------------------------------------------------------
# grep and ripgrep.


class Grep:
    def __init__(self, tool: str, exe: str, corpus: Path, include: list[str]):
        self.tool, self.exe, self.corpus, self.include = tool, exe, corpus, include
        self.env = dict(os.environ, LC_ALL="C.UTF-8")

    def base(self, first: bool, count: bool, ci: bool, invert: bool, patterns: list[str]) -> list[str]:
        if self.tool == "grep":
            cmd = [self.exe, "-F"]
            if first:
                cmd += ["-r", *(f"--include={g}" for g in self.include)]
                if not count:
                    cmd.append("-h")
        else:
            cmd = [self.exe, "--no-config", "-F", "-N"]
            if first:
                cmd += ["--no-ignore", "--hidden"]
                for g in self.include:
                    cmd += ["-g", g]
                if not count:
                    cmd.append("--no-filename")
        if count:
            cmd.append("-c")
        if ci:
            cmd.append("-i")
        if invert:
            cmd.append("-v")
        for p in patterns:
            cmd += ["-e", p]
        if first:
            cmd.append(str(self.corpus))
        return cmd

    def compile(self, alts: list[Query], cls: str, notes: Notes) -> list[list[str]] | str:
        """The pipeline of commands, or the reason the query is n/a."""
        base = alts[0]
        if base.sort or cls == "sorted_by_date":
            return f"n/a: {self.tool} has no dates to sort by (no ranking, no order but the files')"
        if base.filters or cls == "filtered":
            return (f"n/a: {self.tool} cannot filter by year or speaker (the metadata are JSON fields, "
                    "front matter and datelines)")
        passes: list[tuple[list[str], bool]] = []
        if len(alts) > 1:
            # cross-language: one pass, each form as a fixed string (-e A -e B)
            forms = [" ".join(it.text for g in q.groups for it in g) for q in alts]
            passes.append((forms, False))
            notes.add("one pass, each form a fixed string (-e A -e B); an unquoted English form as a phrase")
        else:
            for g in base.groups:
                passes.append(([it.text for it in g], False))
            for it in base.negs:
                passes.append(([it.text], True))
            if not passes:
                return "n/a: nothing to search for"
        passes.sort(key=lambda p: p[1])  # positive passes first
        if len(passes) > 1:
            notes.add(
                f"AND as a pipeline, one {self.tool} per word, -c on the last: the words must share a line "
                "(a whole feed record or headline, but only one line of a release file)",
                " | ".join(("-v " if inv else "") + "/".join(pats) for pats, inv in passes),
            )
        if any(it.prefix for g in base.groups for it in g):
            notes.add("a prefix (word*) is searched as a substring")
        if any(it.column for g in base.groups for it in g):
            notes.add("title:/body: ignored (the whole line is searched)")
        cmds = []
        for i, (pats, inv) in enumerate(passes):
            ci = any(re.search(r"[A-Za-z]", p) for p in pats)
            cmds.append(self.base(i == 0, i == len(passes) - 1, ci, inv, pats))
        return cmds

    def runner(self, cmds: list[list[str]]):
        env = self.env

        def run() -> int:
            if len(cmds) == 1:
                out = subprocess.run(cmds[0], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                if out.returncode > 1:
                    raise RuntimeError(out.stderr.decode(errors="replace").strip())
                total = 0
                for line in out.stdout.decode(errors="replace").splitlines():
                    total += int(line.rsplit(":", 1)[-1])
                return total
            procs = []
            prev = None
            for cmd in cmds:
                p = subprocess.Popen(
                    cmd,
                    stdin=prev.stdout if prev else subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
                if prev:
                    prev.stdout.close()
                procs.append(p)
                prev = p
            out = procs[-1].communicate()[0].decode().strip()
            for p in procs[:-1]:
                p.wait()
            if any(p.returncode > 1 for p in procs):
                raise RuntimeError(f"{' '.join(cmds[0][:3])}... failed")
            return int(out or 0)

        return run

    @staticmethod
    def show(cmds: list[list[str]]) -> str:
        def q(a: str) -> str:
            return a if re.fullmatch(r"[\w./=:,-]+", a) else "'" + a.replace("'", "'\\''") + "'"

        return " | ".join(" ".join(q(a) for a in [Path(c[0]).name, *c[1:]]) for c in cmds)


# --------------------------------------------------------------------------------------------
# Running.


def median_ms(samples: list[float]) -> float | None:
    return statistics.median(samples) * 1000 if samples else None


def pct_ms(samples: list[float], p: float) -> float | None:
    if not samples:
        return None
    s = sorted(samples)
    return s[min(len(s) - 1, round((len(s) - 1) * p))] * 1000


def time_query(run, runs: int, budget: float) -> tuple[list[float], int, int]:
    """One warm-up, then `runs` timed runs (fewer if a run would blow the per-query budget)."""
    t = time.perf_counter()
    matches = run()
    warm = time.perf_counter() - t
    n = runs
    if warm * runs > budget:
        n = max(1, int(budget / max(warm, 1e-9)))
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        run()
        samples.append(time.perf_counter() - t)
    return samples, matches, n


def alternatives(cls: str, q: Query, glossary: Glossary, notes: Notes) -> list[Query]:
    """cross_language: the query as typed, and its other-language form from the glossary."""
    if cls != "cross_language":
        return [q]
    typed = " ".join(it.text for g in q.groups for it in g)
    other = glossary.other_form(typed)
    if not other:
        notes.add("no entry in data/glossary.toml, searched as typed only", typed)
        return [q]
    alt = Query(groups=[[Item(text=normalize(other), phrase=" " in other)]], filters=q.filters, sort=q.sort)
    notes.add("also searched: the first other-language form in data/glossary.toml, results united", f"{typed} + {other}")
    return [q, alt]


def milpress_p50(mpc: dict | None) -> float | None:
    if not mpc:
        return None
    v = mpc.get("p50_ms", mpc.get("median_ms"))
    return float(v) if isinstance(v, (int, float)) and v > 0 else None


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:.0f}"


def fmt_ratio(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.2f}x" if v < 100 else f"{v:.0f}x"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path,
                    help="generated corpus folder (feeds/, releases/, headlines/; or an older one of "
                         "part-NNNN.jsonl files); default: the one in --milpress")
    ap.add_argument("--milpress", type=Path, help="results JSON of `cargo bench --bench scale` (target/scale/results-N.json)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per query after one warm-up (default 5)")
    ap.add_argument("--json", type=Path, help="write every figure to this JSON file")
    ap.add_argument("--engines", default="sqlite,grep,rg", help="comma-separated subset of sqlite,grep,rg")
    ap.add_argument("--budget", type=float, default=15.0,
                    help="seconds per query and engine; slower queries get fewer timed runs (default 15)")
    ap.add_argument("--per-query", action="store_true", help="also print each query's median and matches")
    ap.add_argument("--db-dir", type=Path, help="where to build the SQLite database (default: a temp dir, removed)")
    ap.add_argument("--glossary", type=Path, default=ROOT / "data" / "glossary.toml")
    ap.add_argument("--roster", type=Path, default=ROOT / "data" / "roster.toml")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    # The milpress figures and the query set.
    mp = None
    mp_note = None
    if args.milpress:
        if args.milpress.is_file():
            try:
                mp = json.loads(args.milpress.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                mp_note = f"milpress figures: cannot read {args.milpress} ({e}); peers alone"
        else:
            mp_note = f"milpress figures: {args.milpress} not found; peers alone, default queries"
    else:
        mp_note = "milpress figures: none given (--milpress); peers alone, default queries"
    corpus = args.corpus or (Path(mp["corpus"]) if mp and mp.get("corpus") else None)
    if corpus is None:
        ap.error("--corpus is required when the milpress file does not name one")
    if not corpus.is_dir():
        ap.error(f"corpus folder {corpus} not found")
    files, include = corpus_files(corpus)
    if not files:
        ap.error(f"no corpus files in {corpus} (feeds/*.jsonl, releases/*/*.md|txt, headlines/*.txt, "
                 "or part-*.jsonl)")

    mp_classes = (mp or {}).get("classes", {}) or {}
    class_names = [c for c in CLASSES if not mp or c in mp_classes] + [c for c in mp_classes if c not in CLASSES]
    queries = {c: (mp_classes.get(c, {}).get("queries") if mp else None) or DEFAULT_QUERIES.get(c, []) for c in class_names}

    glossary = Glossary(args.glossary)
    roster = Roster(args.roster)
    header_notes: list[str] = []
    if mp_note:
        header_notes.append(mp_note)
    if mp and args.corpus and mp.get("corpus") and Path(mp["corpus"]).resolve() != corpus.resolve():
        header_notes.append(f"WARNING: the milpress figures are for {mp['corpus']}, not {corpus}")
    if not glossary.source:
        header_notes.append(f"no glossary at {args.glossary}: cross_language runs the typed form only")
    escaped = check_escaping(files)
    if escaped:
        header_notes.append("WARNING: " + escaped)

    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    engines: dict[str, object] = {}
    skipped: dict[str, str] = {}
    for e in wanted:
        if e not in ENGINES:
            ap.error(f"unknown engine {e!r} (sqlite, grep, rg)")
    input_bytes = sum(path.stat().st_size for _, path in files)
    by_format = {fmt: sum(1 for f, _ in files if f == fmt) for fmt in FORMATS}
    log(f"corpus {corpus}: {len(files)} files ("
        + ", ".join(f"{n} {fmt}" for fmt, n in by_format.items() if n) + f"), {input_bytes / 1e6:.1f} MB")

    tmp = None
    fts = None
    sqlite_info: dict = {}
    if "sqlite" in wanted:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='trigram')")
        except sqlite3.Error as e:
            skipped["sqlite"] = f"this sqlite3 ({sqlite3.sqlite_version}) lacks FTS5 with trigram (needs >= 3.34): {e}"
        probe.close()
        if "sqlite" not in skipped:
            if args.db_dir:
                args.db_dir.mkdir(parents=True, exist_ok=True)
                db_dir = args.db_dir
            else:
                tmp = tempfile.TemporaryDirectory(prefix="milpress-peers-")
                db_dir = Path(tmp.name)
            log(f"sqlite {sqlite3.sqlite_version}: building FTS5 tables in {db_dir}")
            fts = Fts(corpus, db_dir, roster)
            sqlite_info = {
                "version": fts.version,
                "insert_s": fts.insert_s,
                "optimize_s": fts.optimize_s,
                "build_s": fts.insert_s + fts.optimize_s,
                "db_bytes": fts.db_bytes,
                **fts.counts,
            }
            log(f"  sqlite: built in {fts.insert_s + fts.optimize_s:.1f} s, {fts.db_bytes / 1e6:.1f} MB")
            engines["sqlite"] = fts
    for tool in ("grep", "rg"):
        if tool in wanted:
            exe = shutil.which(tool)
            if exe:
                engines[tool] = Grep(tool, exe, corpus, include)
            else:
                skipped[tool] = f"{tool} not installed" + (" (apt-get install -y ripgrep)" if tool == "rg" else "")
    docs = sqlite_info.get("docs")
    doc_formats = sqlite_info.get("formats")
    if docs is None:
        # No SQLite: read the corpus once anyway, for the document count.
        doc_formats = {}
        docs = sum(1 for _ in documents(corpus, doc_formats))
        doc_formats.pop("bad_lines", None)
    if mp and isinstance(mp.get("docs"), int) and mp["docs"] != docs:
        header_notes.append(
            f"note: milpress indexed {mp['docs']:,} documents, the peers see {docs:,} (milpress folds "
            "duplicate texts; after measuring, the scale bench appends a record to feeds/part-0000.jsonl "
            "and a line to about a hundred releases/ files, which the peers then see too)"
        )

    results: dict = {}
    for cls in class_names:
        specs = queries[cls]
        cres: dict = {"queries": specs, "engines": {}}
        mpc = mp_classes.get(cls) if mp else None
        cres["milpress"] = (
            {k: mpc.get(k) for k in ("p50_ms", "p95_ms", "p99_ms", "median_ms") if k in mpc} if mpc else None
        )
        mp_p50 = milpress_p50(mpc)
        cres["class_notes"] = class_notes = Notes()
        for name in wanted:
            if name in skipped:
                cres["engines"][name] = {"status": "skipped", "reason": skipped[name]}
                continue
            engine = engines[name]
            notes = Notes()
            per_query = []
            samples_all: list[float] = []
            na_reasons = set()
            for spec in specs:
                label, q = spec_query(spec)
                if cls == "sorted_by_date" and q.sort is None:
                    q.sort = "-date"
                if q.unsupported or (q.filters.get("theme")):
                    reason = "not supported by the peers: " + ", ".join(q.unsupported or [f"theme={q.filters['theme']}"])
                    per_query.append({"query": label, "status": "n/a", "reason": reason})
                    na_reasons.add(reason)
                    continue
                alts = alternatives(cls, q, glossary, class_notes)
                if name == "sqlite":
                    run, how = engine.runner(alts, notes)
                else:
                    cmds = engine.compile(alts, cls, notes)
                    if isinstance(cmds, str):
                        per_query.append({"query": label, "status": "n/a", "reason": cmds})
                        na_reasons.add(cmds)
                        continue
                    run, how = engine.runner(cmds), Grep.show(cmds)
                log(f"  {cls}: {name}: {label}")
                try:
                    samples, matches, n = time_query(run, args.runs, args.budget)
                except (sqlite3.Error, RuntimeError, ValueError, OSError) as e:
                    per_query.append({"query": label, "status": "error", "reason": str(e), "how": how})
                    notes.add("error", f"{label}: {e}")
                    na_reasons.add(f"error: {e}")
                    continue
                if n < args.runs:
                    notes.add(f"fewer timed runs than --runs, to stay within --budget {args.budget:g} s", f"{label} ({n})")
                samples_all += samples
                per_query.append({
                    "query": label, "status": "ok", "median_ms": median_ms(samples),
                    "matches": matches, "runs": n, "how": how,
                })
            er: dict = {"per_query": per_query, "notes": notes.render()}
            if samples_all:
                med = median_ms(samples_all)
                er.update(
                    status="ok",
                    median_ms=med,
                    p95_ms=pct_ms(samples_all, 0.95),
                    matches=sum(p.get("matches", 0) for p in per_query),
                    ratio=(med / mp_p50) if mp_p50 else None,
                    queries_run=sum(1 for p in per_query if p["status"] == "ok"),
                )
                if er["queries_run"] < len(specs):
                    er["notes"].append(f"{len(specs) - er['queries_run']} of {len(specs)} queries not run: "
                                       + "; ".join(sorted(na_reasons)))
            else:
                er.update(status="n/a", reason="; ".join(sorted(na_reasons)) or "no query ran")
            cres["engines"][name] = er
        cres["class_notes"] = class_notes.render()
        results[cls] = cres

    if fts:
        fts.close()
    if tmp:
        tmp.cleanup()

    # ---- the report ----
    out = []
    out.append(f"milpress vs peers: {corpus} ({docs:,} documents, {len(files)} files, {input_bytes / 1e6:.1f} MB)")
    if doc_formats:
        out.append("documents by format: " + ", ".join(
            f"{n:,} {FORMATS[fmt]}" for fmt, n in doc_formats.items() if n and fmt in FORMATS))
    if mp:
        out.append(f"milpress figures: {args.milpress} ({mp.get('docs', '?'):,} documents indexed)"
                   if isinstance(mp.get("docs"), int) else f"milpress figures: {args.milpress}")
    out.append(f"each query: 1 warm-up + {args.runs} timed runs; class figure = median over every timed run of its queries")
    for n in header_notes:
        out.append(n)
    if sqlite_info:
        s = sqlite_info
        out.append(
            f"SQLite FTS5 {s['version']}: built in {s['build_s']:.1f} s (insert {s['insert_s']:.1f} s + optimize/analyze "
            f"{s['optimize_s']:.1f} s), database {s['db_bytes'] / 1e6:.1f} MB ({s['db_bytes'] / max(input_bytes, 1):.2f}x input); "
            f"{s['en']:,} English + {s['zh']:,} Chinese documents, {s['translations']:,} translations also in the English table"
            + (f", {s['bad_lines']} unreadable lines" if s["bad_lines"] else "")
        )
    for name, reason in skipped.items():
        out.append(f"{ENGINES[name]}: skipped: {reason}")
    out.append("")

    for cls in class_names:
        cres = results[cls]
        mpc = cres["milpress"]
        shown = ", ".join(spec_query(s)[0] for s in cres["queries"])
        out.append(f"== {cls}  ({len(cres['queries'])} queries: {shown})")
        if mpc:
            out.append(f"   milpress: p50 {fmt_ms(milpress_p50(mpc))} ms, p95 {fmt_ms(mpc.get('p95_ms'))} ms, p99 {fmt_ms(mpc.get('p99_ms'))} ms")
        out.append(f"   {'engine':<18}{'median ms':>11}{'milpress ms':>13}{'ratio':>10}{'matches':>10}")
        mp_p50 = milpress_p50(mpc)
        class_notes = list(cres["class_notes"])
        for name in wanted:
            if name in skipped:
                continue
            er = cres["engines"][name]
            if er["status"] == "ok":
                out.append(f"   {ENGINES[name]:<18}{fmt_ms(er['median_ms']):>11}{fmt_ms(mp_p50):>13}"
                           f"{fmt_ratio(er['ratio']):>10}{er['matches']:>10,}")
                if args.per_query:
                    for pq in er["per_query"]:
                        if pq["status"] == "ok":
                            out.append(f"      - {pq['query']}: {fmt_ms(pq['median_ms'])} ms, {pq['matches']:,} matches"
                                       + (f" ({pq['runs']} runs)" if pq["runs"] != args.runs else ""))
                        else:
                            out.append(f"      - {pq['query']}: {pq['status']}: {pq['reason']}")
            else:
                out.append(f"   {ENGINES[name]:<18}{'n/a' if er['status'] == 'n/a' else '—':>11}{fmt_ms(mp_p50):>13}{'—':>10}{'—':>10}"
                           f"  {er.get('reason', '')}")
            for n in er.get("notes", []):
                class_notes.append(f"{ENGINES[name]}: {n}")
        for n in class_notes:
            out.append(f"   note: {n}")
        out.append("")

    # summary
    if mp:
        out.append("ratio peer / milpress p50 (>1: milpress is faster)")
        cols = [n for n in wanted if n not in skipped]
        out.append("   " + f"{'class':<16}" + "".join(f"{ENGINES[n].split(' (')[0]:>16}" for n in cols))
        for cls in class_names:
            row = f"   {cls:<16}"
            for n in cols:
                er = results[cls]["engines"][n]
                row += f"{(fmt_ratio(er.get('ratio')) if er['status'] == 'ok' else 'n/a'):>16}"
            out.append(row)
        out.append("")

    out.append("what each engine computes per query:")
    out.append("   milpress:    top 10 hits by BM25 (title x3, proximity, dates) with snippets, total count and facets "
               "(year, theme, speaker); stemming, jieba segmentation, traditional/full-width folding; in process (the scale "
               "bench). It searches glossary forms in every query the bench does not mark exact; the peers do so only in "
               "cross_language")
    out.append("   SQLite FTS5: top 10 by bm25() (title x3) joined to the metadata, plus count(*) of all matches; no snippets, "
               "no facets; in process through Python's sqlite3 (includes the small Python call overhead). English words only "
               "in English documents and translations (porter stemming), Chinese only in Chinese documents (trigram substrings)")
    out.append("   grep / rg:   count of matching lines of the raw files (feeds, releases and headline lists, every "
               "subfolder), not of documents: a feed record or a headline is one line, but a release file has several "
               "(front matter, title, dateline, body), so a release can count more than once and the words of an AND "
               "must share a line; fixed strings, -i when the words have Latin letters; matches anywhere in the line "
               "(ids, sources, speakers, front matter, translations), no ranking, no stemming; a new process per query "
               "(process start included); rg uses all cores")
    text = "\n".join(out)
    print(text)

    if args.json:
        report = {
            "corpus": str(corpus),
            "docs": docs,
            "input_bytes": input_bytes,
            "runs": args.runs,
            "milpress_file": str(args.milpress) if args.milpress else None,
            "milpress_docs": (mp or {}).get("docs"),
            "notes": header_notes,
            "sqlite": sqlite_info or None,
            "skipped": skipped,
            "classes": results,
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        log(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
