#!/usr/bin/env python3
"""milpress against what a user would otherwise pick: SQLite FTS5, raw tantivy, grep and ripgrep.

Like for like: every engine answers the same queries (a `milpress bench` query file, by default
data/bench-queries.tsv) over the same documents, each kept warm (one open connection or index,
`--warmup` untimed runs, then `--runs` timed runs), and each class's figure is the median over
every timed run of its queries, as `milpress bench` computes its p50.

End to end (README, Benchmarks):

    MILPRESS_SCALE=100000 MILPRESS_SCALE_ONLY=generate cargo bench --bench scale
    cargo build --release
    target/release/milpress index target/scale/corpus-100000 --index target/scale/peers-index-100000
    target/release/milpress bench --index target/scale/peers-index-100000 --format json > full.json
    target/release/milpress bench --index target/scale/peers-index-100000 --format json \\
        --no-facets --no-snippets --exact > bare.json
    python3 benches/peers.py --corpus target/scale/corpus-100000 \\
        --index target/scale/peers-index-100000 --full full.json --bare bare.json

Without `--full`/`--bare` the script runs those two benches itself with `--milpress` (default
target/release/milpress), the same query file, runs and warm-up.

Engines:
  milpress full  `milpress bench`: the full search path (facets, ten snippets, glossary expansion).
  milpress bare  `milpress bench --no-facets --no-snippets --exact`: the top ten and the count.
  sqlite   SQLite FTS5 through Python's sqlite3, built from the generator's corpus-N.jsonl: the
           trigram tokenizer for Chinese documents, `porter unicode61` for English ones (and the
           English translations of Chinese records); the top 10 by bm25() (title 3x body) and
           count(*).
  tantivy  the `tantivy` Python package of the crate's version (pip install tantivy==0.27.0),
           its default tokenizer, an index of title and body built from corpus-N.jsonl; the top 10
           (their stored ids and titles) and the count.
  grep/rg  `grep -rc -F` / `rg -c -F` over the corpus folder, a new process per query; they count
           matching lines, not documents.

Queries not marked --exact also search what milpress itself says it expanded them to: the script
asks `milpress search QUERY --format json --limit 0` for its `also_searched` forms, so the peers and
milpress take their alternatives from the same glossary.

Python 3.11 standard library, plus `tantivy` for that peer (skipped when not installed). Progress
goes to stderr, the report to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ENGINES = {
    "full": "milpress full",
    "bare": "milpress bare",
    "sqlite": "SQLite FTS5",
    "tantivy": "raw tantivy",
    "grep": "grep -rc",
    "rg": "rg -c",
}
PEERS = ["sqlite", "tantivy", "grep", "rg"]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RE = re.compile(f"[{CJK}]")
CJK_GAP_RE = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def is_cjk(text: str) -> bool:
    return bool(CJK_RE.search(text))


# --------------------------------------------------------------------------------------------
# Queries: milpress syntax, parsed into what the peers need.


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


@dataclass
class Line:
    """One line of the query file, as `milpress bench` reads it."""

    cls: str
    text: str
    label: str  # the query and its options as written: the `query` of the bench's JSON
    exact: bool
    query: Query
    unsupported: list[str] = field(default_factory=list)


def read_queries(path: Path) -> list[Line]:
    """The bench's query file: one query a line, `class<TAB>query` or `class<TAB>query<TAB>options`."""
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) > 3:
            raise SystemExit(f"{path}:{n}: more than three tab-separated fields")
        cls, text, options = (["query", *parts] if len(parts) == 1 else parts + [""] * (3 - len(parts)))
        words = shlex.split(options)
        label = text.strip() if not words else f"{text.strip()} {' '.join(words)}"
        q = parse_query(text.strip())
        line = Line(cls.strip(), text.strip(), label, False, q)
        it = iter(words)
        for w in it:
            if w == "--exact":
                line.exact = True
            elif w in ("--year", "--years"):
                q.filters["year"] = next(it, "")
            elif w == "--speaker":
                q.filters.setdefault("speaker", []).append(next(it, ""))
            elif w == "--sort":
                q.sort = next(it, None)
            elif w in ("--lang", "--kind", "--from", "--to"):
                q.filters[w[2:]] = next(it, "")
            else:
                line.unsupported.append(w)
        out.append(line)
    return out


def year_range(value) -> tuple[int, int]:
    s = str(value)
    if ".." in s:
        a, b = s.split("..", 1)
        return int(a or 0), int(b or 9999)
    return int(s), int(s)


def also_searched(milpress: Path, index: Path, text: str) -> list[str]:
    """The other-language forms milpress searches for `text` (its `also_searched`)."""
    cmd = [str(milpress), "search", "--index", str(index), "--format", "json", "--limit", "0", "--", text]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode > 1:
        raise SystemExit(f"{' '.join(cmd)}: {out.stderr.strip()}")
    return list(json.loads(out.stdout).get("also_searched", []))


def alternatives(line: Line, forms: list[str]) -> list[Query]:
    """The query as typed, then each form milpress also searched, the results united."""
    alts = [line.query]
    for form in forms:
        alt = parse_query(f'"{form}"' if " " in form.strip() else form)
        alt.filters, alt.sort = line.query.filters, line.query.sort
        alts.append(alt)
    return alts


# --------------------------------------------------------------------------------------------
# The documents: the generator's corpus-N.jsonl (benches/support/mod.rs).


def documents(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


# --------------------------------------------------------------------------------------------
# SQLite FTS5.

WEIGHTS = "3.0, 1.0"  # title, body: milpress weighs title matches three times body matches


class Fts:
    def __init__(self, jsonl: Path, db_dir: Path):
        self.path = db_dir / "peers.sqlite"
        if self.path.exists():
            self.path.unlink()
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.version = sqlite3.sqlite_version
        self.build(jsonl)

    def build(self, jsonl: Path) -> None:
        db = self.db
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("CREATE VIRTUAL TABLE zh USING fts5(title, body, tokenize='trigram')")
        db.execute("CREATE VIRTUAL TABLE en USING fts5(title, body, tokenize='porter unicode61')")
        db.execute(
            "CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, date TEXT, "
            "year INTEGER, lang TEXT, source TEXT, kind TEXT)"
        )
        db.execute("CREATE TABLE speaker(doc INTEGER, name TEXT COLLATE NOCASE)")
        self.counts = {"docs": 0, "zh": 0, "en": 0, "translations": 0}
        started = time.perf_counter()
        db.execute("BEGIN")
        batch: dict[str, list] = {"meta": [], "zh": [], "en": [], "speaker": []}

        def flush() -> None:
            db.executemany("INSERT INTO meta VALUES (?,?,?,?,?,?,?,?)", batch["meta"])
            db.executemany("INSERT INTO zh(rowid, title, body) VALUES (?,?,?)", batch["zh"])
            db.executemany("INSERT INTO en(rowid, title, body) VALUES (?,?,?)", batch["en"])
            db.executemany("INSERT INTO speaker VALUES (?,?)", batch["speaker"])
            for v in batch.values():
                v.clear()

        rowid = 0
        for d in documents(jsonl):
            rowid += 1
            lang = "zh" if d.get("lang") == "zh" else "en"
            batch["meta"].append((rowid, d["id"], d["title"], d.get("date"), d.get("year"), lang,
                                  d.get("source"), d.get("kind")))
            batch[lang].append((rowid, d["title"], d["body"]))
            self.counts[lang] += 1
            if d.get("translation"):
                # A translation makes the record findable in English, as in milpress.
                batch["en"].append((rowid, d["translation"]["title"], d["translation"]["body"]))
                self.counts["translations"] += 1
            batch["speaker"].extend((rowid, s) for s in d.get("speakers") or [])
            if rowid % 2000 == 0:
                flush()
        flush()
        db.execute("CREATE INDEX meta_year ON meta(year)")
        db.execute("CREATE INDEX meta_date ON meta(date)")
        db.execute("CREATE INDEX speaker_name ON speaker(name, doc)")
        db.execute("COMMIT")
        self.counts["docs"] = rowid
        db.execute("INSERT INTO zh(zh) VALUES('optimize')")
        db.execute("INSERT INTO en(en) VALUES('optimize')")
        db.execute("ANALYZE")
        self.build_s = time.perf_counter() - started
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
            names = sorted({str(w) for w in wanted})
            fconds.append(f"x.rid IN (SELECT doc FROM speaker WHERE name IN ({','.join('?' * len(names))}))")
            fparams += names
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

        shown = [p for p in count_params if not isinstance(p, int)]
        return run, ("MATCH/LIKE " + ", ".join(map(str, shown))) if shown else count_sql

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
# Raw tantivy: the Python package of the crate's version, default tokenizer.


class Tantivy:
    def __init__(self, module, jsonl: Path, index_dir: Path):
        self.t = module
        sb = module.SchemaBuilder()
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        sb.add_text_field("title", stored=True)
        sb.add_text_field("body")
        sb.add_text_field("speaker", tokenizer_name="raw")
        sb.add_text_field("lang", tokenizer_name="raw")
        sb.add_text_field("kind", tokenizer_name="raw")
        sb.add_integer_field("year", indexed=True, fast=True)
        sb.add_integer_field("date", indexed=True, fast=True)  # YYYYMMDD, 0 when undated
        self.index = module.Index(sb.build(), path=str(index_dir))
        started = time.perf_counter()
        writer = self.index.writer(200_000_000, 1)
        n = 0
        for d in documents(jsonl):
            title, body = d["title"], d["body"]
            if d.get("translation"):
                # As milpress does, the translation is searched with the record.
                title += "\n" + d["translation"]["title"]
                body += "\n" + d["translation"]["body"]
            date = d.get("date") or ""
            writer.add_document(module.Document(
                id=d["id"], title=title, body=body, speaker=list(d.get("speakers") or []),
                lang=d.get("lang") or "", kind=d.get("kind") or "",
                year=int(d.get("year") or 0), date=int(date.replace("-", "") or 0),
            ))
            n += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.build_s = time.perf_counter() - started
        self.docs = n
        self.bytes = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())

    @staticmethod
    def quote(text: str) -> str:
        return '"' + text.replace("\\", " ").replace('"', " ") + '"'

    def compile(self, alts: list[Query], notes: Notes) -> str:
        """tantivy's query syntax: `+(a OR b) +"c d" -e +year:[2024 TO 2024]`."""
        def one(q: Query) -> str:
            parts = []
            for g in q.groups:
                items = []
                for it in g:
                    s = self.quote(it.text) if (it.phrase or is_cjk(it.text)) else it.text
                    if it.near is not None:
                        s = f"{self.quote(it.text)}~{it.near}"
                    if it.prefix:
                        s = it.text + "*"
                    items.append(f"{it.column}:{s}" if it.column else s)
                parts.append("+(" + " OR ".join(items) + ")")
            parts += ["-" + (self.quote(it.text) if " " in it.text else it.text) for it in q.negs]
            return " ".join(parts)

        text = one(alts[0]) if len(alts) == 1 else "+(" + " OR ".join(f"({one(q)})" for q in alts) + ")"
        f = alts[0].filters
        if "year" in f:
            a, b = year_range(f["year"])
            text += f" +year:[{a} TO {b}]"
        if f.get("speaker"):
            names = f["speaker"] if isinstance(f["speaker"], list) else [f["speaker"]]
            text += " +(" + " OR ".join(f"speaker:{self.quote(s)}" for s in names) + ")"
        for key in ("lang", "kind"):
            if f.get(key):
                text += f" +{key}:{self.quote(f[key])}"
        if any(is_cjk(it.text) for q in alts for g in q.groups for it in g):
            notes.add("default tokenizer: a run of Chinese characters is one token, so a Chinese word "
                      "matches only where it stands alone between punctuation or spaces")
        return text

    def runner(self, alts: list[Query], notes: Notes):
        text = self.compile(alts, notes)
        query = self.index.parse_query(text, ["title", "body"])
        searcher = self.searcher
        sort = alts[0].sort
        order = None
        if sort in ("-date", "date"):
            order = self.t.Order.Desc if sort == "-date" else self.t.Order.Asc

        def run() -> int:
            if order is None:
                result = searcher.search(query, 10)
            else:
                result = searcher.search(query, 10, order_by_field="date", order=order)
            for _, address in result.hits:
                searcher.doc(address)
            return result.count

        return run, text


# --------------------------------------------------------------------------------------------
# Running.


def median_ms(samples: list[float]) -> float | None:
    return statistics.median(samples) * 1000 if samples else None


def time_query(run, warmup: int, runs: int, budget: float) -> tuple[list[float], int, int]:
    """`warmup` untimed runs, then `runs` timed ones (fewer if they would pass the budget)."""
    t = time.perf_counter()
    matches = run()
    first = time.perf_counter() - t
    for _ in range(warmup - 1):
        run()
    n = runs if first * runs <= budget else max(1, int(budget / max(first, 1e-9)))
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        run()
        samples.append(time.perf_counter() - t)
    return samples, matches, n


def milpress_bench(milpress: Path, index: Path, queries: Path, runs: int, warmup: int, bare: bool) -> dict:
    cmd = [str(milpress), "bench", "--index", str(index), "--queries", str(queries), "--format", "json",
           "--runs", str(runs), "--warmup", str(warmup)]
    if bare:
        cmd += ["--no-facets", "--no-snippets", "--exact"]
    log("running " + " ".join(cmd))
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise SystemExit(f"milpress bench failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:.0f}"


def fmt_ratio(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.2f}x" if v < 100 else f"{v:.0f}x"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True,
                    help="the generated corpus folder (target/scale/corpus-N), for grep and rg; its "
                         "documents are read from the corpus-N.jsonl beside it")
    ap.add_argument("--jsonl", type=Path, help="the documents (default: the corpus folder's name + .jsonl)")
    ap.add_argument("--index", type=Path, required=True, help="milpress's index of that corpus")
    ap.add_argument("--queries", type=Path, default=ROOT / "data" / "bench-queries.tsv",
                    help="the query file both sides run (default data/bench-queries.tsv)")
    ap.add_argument("--full", type=Path, help="`milpress bench --format json` output (else run here)")
    ap.add_argument("--bare", type=Path,
                    help="`milpress bench --format json --no-facets --no-snippets --exact` output (else run here)")
    ap.add_argument("--milpress", type=Path, default=ROOT / "target" / "release" / "milpress",
                    help="the milpress binary (default target/release/milpress)")
    ap.add_argument("--runs", type=int, default=20, help="timed runs per query (default 20, as milpress bench)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed runs per query first (default 3)")
    ap.add_argument("--budget", type=float, default=15.0,
                    help="seconds of timed runs per query and peer; slower queries get fewer runs (default 15)")
    ap.add_argument("--engines", default=",".join(PEERS), help="comma-separated subset of " + ",".join(PEERS))
    ap.add_argument("--per-query", action="store_true", help="also print each query's median and count")
    ap.add_argument("--json", type=Path, help="write every figure to this JSON file")
    args = ap.parse_args()
    if args.runs < 1 or args.warmup < 1:
        ap.error("--runs and --warmup must be at least 1")
    jsonl = args.jsonl or args.corpus.with_name(args.corpus.name + ".jsonl")
    if not jsonl.is_file():
        ap.error(f"{jsonl} not found: generate the corpus with the scale bench (README, Benchmarks)")
    if not args.corpus.is_dir():
        ap.error(f"corpus folder {args.corpus} not found")
    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    for e in wanted:
        if e not in PEERS:
            ap.error(f"unknown engine {e!r} ({', '.join(PEERS)})")

    lines = read_queries(args.queries)
    classes = list(dict.fromkeys(line.cls for line in lines))
    notes: list[str] = []

    # milpress's figures: the same query file, runs and warm-up.
    mp: dict[str, dict] = {}
    for kind in ("full", "bare"):
        given = getattr(args, kind)
        if given:
            mp[kind] = json.loads(given.read_text(encoding="utf-8"))
        else:
            if not args.milpress.is_file():
                ap.error(f"no --{kind} file and no milpress binary at {args.milpress} (cargo build --release)")
            mp[kind] = milpress_bench(args.milpress, args.index, args.queries, args.runs, args.warmup, kind == "bare")
        labels = {q["query"] for q in mp[kind].get("queries", [])}
        missing = [line.label for line in lines if line.label not in labels]
        if missing:
            notes.append(f"WARNING: milpress {kind} figures lack {len(missing)} of the queries "
                         f"({', '.join(missing[:3])}...): not the same query file")
    mp_docs = mp["full"].get("index", {}).get("documents")

    # The forms milpress also searches, from milpress itself.
    forms: dict[str, list[str]] = {}
    if any(not line.exact for line in lines):
        if not args.milpress.is_file():
            ap.error(f"no milpress binary at {args.milpress} to ask for the glossary forms (--milpress)")
        for line in lines:
            if not line.exact and line.text not in forms:
                forms[line.text] = also_searched(args.milpress, args.index, line.text)

    engines: dict[str, object] = {}
    skipped: dict[str, str] = {}
    info: dict[str, str] = {}
    tmp = tempfile.TemporaryDirectory(prefix="milpress-peers-")
    if "sqlite" in wanted:
        try:
            probe = sqlite3.connect(":memory:")
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='trigram')")
            probe.close()
            log(f"sqlite {sqlite3.sqlite_version}: building FTS5 tables from {jsonl}")
            fts = Fts(jsonl, Path(tmp.name))
            engines["sqlite"] = fts
            info["sqlite"] = (f"SQLite FTS5 {fts.version}: {fts.counts['docs']:,} documents ({fts.counts['en']:,} English, "
                              f"{fts.counts['zh']:,} Chinese, {fts.counts['translations']:,} translations) built in "
                              f"{fts.build_s:.1f} s, {fts.db_bytes / 1e6:.1f} MB")
        except sqlite3.Error as e:
            skipped["sqlite"] = f"this sqlite3 ({sqlite3.sqlite_version}) lacks FTS5 with trigram: {e}"
    if "tantivy" in wanted:
        try:
            import tantivy as tantivy_module
        except ImportError:
            skipped["tantivy"] = "the tantivy package is not installed (pip install tantivy==0.27.0)"
        else:
            log(f"tantivy (Python package): building an index from {jsonl}")
            folder = Path(tmp.name) / "tantivy"
            folder.mkdir()
            tv = Tantivy(tantivy_module, jsonl, folder)
            engines["tantivy"] = tv
            info["tantivy"] = (f"raw tantivy (Python package): {tv.docs:,} documents built in {tv.build_s:.1f} s, "
                               f"{tv.bytes / 1e6:.1f} MB")
    for tool in ("grep", "rg"):
        if tool in wanted:
            exe = shutil.which(tool)
            if exe:
                engines[tool] = Grep(tool, exe, args.corpus, ["*.jsonl", "*.md", "*.txt"])
            else:
                skipped[tool] = f"{tool} not installed"

    # Time every peer on every query.
    results: dict[str, dict] = {}
    for cls in classes:
        cres: dict = {"queries": [line.label for line in lines if line.cls == cls], "engines": {}}
        for kind in ("full", "bare"):
            c = mp[kind].get("classes", {}).get(cls) or {}
            cres["engines"][kind] = {"median_ms": c.get("p50_ms"), "p95_ms": c.get("p95_ms"),
                                     "counts": {q["query"]: q.get("total") for q in mp[kind].get("queries", [])
                                                if q.get("class") == cls}}
        class_notes = Notes()
        for name in wanted:
            if name in skipped:
                continue
            engine = engines[name]
            samples_all: list[float] = []
            per_query = []
            for line in (ln for ln in lines if ln.cls == cls):
                if line.unsupported:
                    per_query.append({"query": line.label, "status": "n/a",
                                      "reason": "options the peers do not follow: " + " ".join(line.unsupported)})
                    continue
                alts = alternatives(line, forms.get(line.text, []) if not line.exact else [])
                if len(alts) > 1:
                    class_notes.add("also searched, as milpress said (also_searched), results united",
                                    f"{line.text} + {' / '.join(forms[line.text])}")
                if name in ("grep", "rg"):
                    cmds = engine.compile(alts, cls, class_notes)
                    if isinstance(cmds, str):
                        per_query.append({"query": line.label, "status": "n/a", "reason": cmds})
                        continue
                    run, how = engine.runner(cmds), Grep.show(cmds)
                else:
                    run, how = engine.runner(alts, class_notes)
                log(f"  {cls}: {name}: {line.label}")
                try:
                    samples, matches, n = time_query(run, args.warmup, args.runs, args.budget)
                except (sqlite3.Error, RuntimeError, ValueError, OSError) as e:
                    per_query.append({"query": line.label, "status": "error", "reason": str(e)})
                    class_notes.add(f"{ENGINES[name]} error", f"{line.label}: {e}")
                    continue
                if n < args.runs:
                    class_notes.add(f"{ENGINES[name]}: fewer timed runs than --runs (--budget)", f"{line.label} ({n})")
                samples_all += samples
                per_query.append({"query": line.label, "status": "ok", "median_ms": median_ms(samples),
                                  "count": matches, "runs": n, "how": how})
            er: dict = {"per_query": per_query}
            if samples_all:
                er["median_ms"] = median_ms(samples_all)
                ran = [p for p in per_query if p["status"] == "ok"]
                if len(ran) < len(per_query):
                    reasons = sorted({p["reason"] for p in per_query if p["status"] != "ok"})
                    class_notes.add(f"{ENGINES[name]}: {len(per_query) - len(ran)} of {len(per_query)} "
                                    "queries not run", "; ".join(reasons))
            else:
                er["reason"] = "; ".join(sorted({p["reason"] for p in per_query})) or "no query"
            cres["engines"][name] = er
        cres["notes"] = class_notes.render()
        results[cls] = cres
    tmp.cleanup()

    # ---- the report ----
    out = [f"milpress vs peers: {args.corpus} ({mp_docs or '?'} documents in milpress's index), queries {args.queries}"]
    out.append(f"every engine warm: {args.warmup} untimed + {args.runs} timed runs a query; a class's figure is "
               "the median of all its timed runs (milpress bench's p50); ratio = engine / milpress (>1: milpress faster)")
    out += [info[k] for k in info]
    out += [f"{ENGINES[k]}: skipped: {v}" for k, v in skipped.items()]
    out += notes
    shown = ["full", "bare"] + [n for n in wanted if n not in skipped]
    for cls in classes:
        cres = results[cls]
        full = cres["engines"]["full"]["median_ms"]
        bare = cres["engines"]["bare"]["median_ms"]
        out.append("")
        out.append(f"== {cls}: {', '.join(cres['queries'])}")
        out.append(f"   {'engine':<15}{'median ms':>11}{'÷ full':>10}{'÷ bare':>10}   counts")
        for name in shown:
            er = cres["engines"][name]
            med = er.get("median_ms")
            if name in ("full", "bare"):
                counts = [er["counts"].get(q) for q in cres["queries"]]
            else:
                by = {p["query"]: p.get("count") for p in er["per_query"]}
                counts = [by.get(q) for q in cres["queries"]]
            shown_counts = " ".join("—" if c is None else f"{c:,}" for c in counts)
            if med is None:
                out.append(f"   {ENGINES[name]:<15}{'n/a':>11}{'—':>10}{'—':>10}   {er.get('reason', '')}")
                continue
            out.append(f"   {ENGINES[name]:<15}{fmt_ms(med):>11}{fmt_ratio(med / full if full else None):>10}"
                       f"{fmt_ratio(med / bare if bare else None):>10}   {shown_counts}")
            if args.per_query and name not in ("full", "bare"):
                for p in er["per_query"]:
                    if p["status"] == "ok":
                        out.append(f"      - {p['query']}: {fmt_ms(p['median_ms'])} ms, {p['count']:,}: {p['how']}")
        for n in cres["notes"]:
            out.append(f"   note: {n}")

    out.append("")
    out.append("what each engine computes per query:")
    out.append("   milpress full: top 10 by BM25 with snippets, total count and facets; glossary expansion "
               "unless --exact; jieba segmentation, stemming, folding (milpress bench, in process)")
    out.append("   milpress bare: the same without facets, snippets or expansion: the top 10 and the count")
    out.append("   SQLite FTS5:   top 10 by bm25() (title x3) joined to the metadata and count(*); English words in "
               "English documents and translations (porter), Chinese in Chinese ones (trigram substrings; LIKE scans "
               "below 3 characters); speakers as stated in the documents, one spelling")
    out.append("   raw tantivy:   top 10 (stored id and title) and the count; default tokenizer (no stemming, no "
               "Chinese segmentation); speakers as stated, one spelling")
    out.append("   grep / rg:     matching lines of the raw files, not documents; fixed strings, -i for Latin "
               "letters; an AND as a pipeline; no ranking, dates or filters; a new process per query")
    print("\n".join(out))
    if args.json:
        args.json.write_text(json.dumps({"corpus": str(args.corpus), "jsonl": str(jsonl), "queries": str(args.queries),
                                         "runs": args.runs, "warmup": args.warmup, "documents": mp_docs,
                                         "notes": notes, "skipped": skipped, "classes": results},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
        log(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
