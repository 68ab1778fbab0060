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

Engines:
  sqlite  SQLite FTS5 through Python's sqlite3, in process: an FTS5 table with the trigram
          tokenizer for Chinese-language records, one with `porter unicode61` for English ones
          (and the English translations that Chinese records carry), and plain tables for the
          metadata (id, title, date, year, lang, source) and speakers. Each query fetches the top
          10 rows by bm25() (title weighted 3x body, as milpress does) and counts all matches.
  grep    `grep -rc -F` over the corpus folder, a new process per query (LC_ALL=C.UTF-8).
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


def corpus_files(corpus: Path) -> tuple[list[Path], str]:
    files = sorted(corpus.glob("part-*.jsonl"))
    if files:
        return files, "part-*.jsonl"
    return sorted(corpus.rglob("*.jsonl")), "*.jsonl"


def check_escaping(files: list[Path]) -> str | None:
    """Warns when the JSON writes Chinese as \\uXXXX escapes (grep would not find it)."""
    if not files:
        return None
    with open(files[0], "rb") as f:
        head = f.read(1 << 16).decode("utf-8", "replace")
    if not is_cjk(head) and re.search(r"\\u[3-9][0-9a-fA-F]{3}", head):
        return (
            "the corpus writes Chinese as \\uXXXX escapes: grep and rg search the raw bytes and "
            "cannot find Chinese words in it"
        )
    return None


# --------------------------------------------------------------------------------------------
# SQLite FTS5.

WEIGHTS = "3.0, 1.0"  # title, body: milpress weighs title matches three times body matches


class Fts:
    def __init__(self, files: list[Path], db_dir: Path, roster: Roster):
        self.roster = roster
        self.path = db_dir / "peers.sqlite"
        if self.path.exists():
            self.path.unlink()
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.version = sqlite3.sqlite_version
        self.build(files)

    def build(self, files: list[Path]) -> None:
        db = self.db
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("CREATE VIRTUAL TABLE zh USING fts5(title, body, tokenize='trigram')")
        db.execute("CREATE VIRTUAL TABLE en USING fts5(title, body, tokenize='porter unicode61')")
        db.execute(
            "CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, date TEXT, "
            "year INTEGER, lang TEXT, source TEXT, speakers TEXT)"
        )
        db.execute("CREATE TABLE speaker(doc INTEGER, name TEXT COLLATE NOCASE)")
        self.counts = {"docs": 0, "zh": 0, "en": 0, "translations": 0, "bad_lines": 0}
        started = time.perf_counter()
        db.execute("BEGIN")
        rowid = 0
        batch = {"meta": [], "zh": [], "en": [], "speaker": []}

        def flush() -> None:
            db.executemany("INSERT INTO meta VALUES (?,?,?,?,?,?,?,?)", batch["meta"])
            db.executemany("INSERT INTO zh(rowid, title, body) VALUES (?,?,?)", batch["zh"])
            db.executemany("INSERT INTO en(rowid, title, body) VALUES (?,?,?)", batch["en"])
            db.executemany("INSERT INTO speaker VALUES (?,?)", batch["speaker"])
            for v in batch.values():
                v.clear()

        for path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    line = line.strip()
                    if not line:
                        continue
                    try:
                        r = json.loads(line)
                    except ValueError:
                        self.counts["bad_lines"] += 1
                        continue
                    if not isinstance(r, dict):
                        self.counts["bad_lines"] += 1
                        continue
                    rowid += 1
                    title = str(r.get("title") or "")
                    body = str(r.get("body") or "")
                    date = r.get("date")
                    date = date if isinstance(date, str) and DATE_RE.match(date) else None
                    year = int(date[:4]) if date else None
                    lang = r.get("lang")
                    if lang not in ("en", "zh"):
                        text = title + body
                        cjk = len(CJK_RE.findall(text))
                        lang = "zh" if cjk * 3 > len(text) else "en"
                    speakers = r.get("speakers") or []
                    if isinstance(speakers, str):
                        speakers = [speakers]
                    speakers = [str(s).strip() for s in speakers if str(s).strip()]
                    batch["meta"].append(
                        (rowid, str(r.get("id", rowid)), title, date, year, lang,
                         str(r.get("source") or ""), json.dumps(speakers, ensure_ascii=False))
                    )
                    batch[lang].append((rowid, title, body))
                    self.counts[lang] += 1
                    if lang == "zh" and (r.get("title_english") or r.get("text_english")):
                        # A translation makes the record findable in English, as in milpress.
                        batch["en"].append(
                            (rowid, str(r.get("title_english") or ""), str(r.get("text_english") or ""))
                        )
                        self.counts["translations"] += 1
                    batch["speaker"].extend((rowid, s) for s in speakers)
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
                            "Chinese record, unranked unless another word of the query is a MATCH",
                            it.text,
                        )
                    elif table == "en" and it.lang == "zh":
                        notes.add("Chinese word in English records: LIKE scan (unicode61 has no substrings)", it.text)
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
        if f.get("kind") and str(f["kind"]) != "release":
            fconds.append("0")

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
    def __init__(self, tool: str, exe: str, corpus: Path, include: str):
        self.tool, self.exe, self.corpus, self.include = tool, exe, corpus, include
        self.env = dict(os.environ, LC_ALL="C.UTF-8")

    def base(self, first: bool, count: bool, ci: bool, invert: bool, patterns: list[str]) -> list[str]:
        if self.tool == "grep":
            cmd = [self.exe, "-F"]
            if first:
                cmd += ["-r", f"--include={self.include}"]
                if not count:
                    cmd.append("-h")
        else:
            cmd = [self.exe, "--no-config", "-F", "-N"]
            if first:
                cmd += ["--no-ignore", "--hidden", "-g", self.include]
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
            return f"n/a: {self.tool} cannot filter by year or speaker (the metadata are JSON fields)"
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
                f"AND as a pipeline, one {self.tool} per word, -c on the last (a record is one line)",
                " | ".join(("-v " if inv else "") + "/".join(pats) for pats, inv in passes),
            )
        if any(it.prefix for g in base.groups for it in g):
            notes.add("a prefix (word*) is searched as a substring")
        if any(it.column for g in base.groups for it in g):
            notes.add("title:/body: ignored (the whole JSON line is searched)")
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
    ap.add_argument("--corpus", type=Path, help="generated corpus folder (part-NNNN.jsonl); default: the one in --milpress")
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
        ap.error(f"no .jsonl files in {corpus}")

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
    input_bytes = sum(f.stat().st_size for f in files)
    log(f"corpus {corpus}: {len(files)} files, {input_bytes / 1e6:.1f} MB")

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
            fts = Fts(files, db_dir, roster)
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
    if docs is None:
        docs = 0
        for path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                docs += sum(1 for line in f if line.strip())
    if mp and isinstance(mp.get("docs"), int) and mp["docs"] != docs:
        header_notes.append(
            f"note: milpress indexed {mp['docs']:,} documents, the peers see {docs:,} records (milpress folds "
            "duplicate texts; the scale bench appends a record to part-0000.jsonl after measuring)"
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
            f"{s['en']:,} English + {s['zh']:,} Chinese records, {s['translations']:,} translations also in the English table"
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
               "in English records and translations (porter stemming), Chinese only in Chinese records (trigram substrings)")
    out.append("   grep / rg:   count of matching lines (= records) of the raw JSON Lines, fixed strings, -i when the words "
               "have Latin letters; matches anywhere in the line (ids, sources, speakers, translations), no ranking, "
               "no stemming; a new process per query (process start included); rg uses all cores")
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
