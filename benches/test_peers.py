"""Tests of benches/peers.py: the query file as milpress bench reads it, and the peers' indexes
built from a generator-shaped JSON Lines file. Run: python3 -m unittest benches/test_peers.py"""

import json
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402

# Four documents in the shape benches/support/mod.rs writes (written for this test).
DOCS = [
    {"id": "g1", "kind": "release", "title": "Navy holds a drill", "body": "The navy held a drill at sea.",
     "lang": "en", "date": "2024-05-01", "year": 2024, "speakers": ["Wu Qian"], "source": "MND",
     "translation": None},
    {"id": "g2", "kind": "release", "title": "海军举行联合演习", "body": "海军部队在东海举行联合演习。",
     "lang": "zh", "date": "2020-01-02", "year": 2020, "speakers": ["Jiang Bin"], "source": "MND",
     "translation": {"title": "The navy holds a joint exercise", "body": "Navy units exercised."}},
    {"id": "g3", "kind": "release", "title": "Forum opens", "body": "A forum on maritime security opened.",
     "lang": "en", "date": "2022-09-09", "year": 2022, "speakers": [], "source": None, "translation": None},
    {"id": "7000003", "kind": "headline", "title": "香山论坛开幕", "body": "", "lang": "zh", "date": None,
     "year": None, "speakers": [], "source": None, "translation": None},
]


def fixture(folder: Path) -> Path:
    path = folder / "corpus-4.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS), encoding="utf-8")
    return path


def line(text: str, options: str = "", cls: str = "c") -> peers.Line:
    folder = Path(tempfile.mkdtemp())
    path = folder / "q.tsv"
    path.write_text(f"{cls}\t{text}\t{options}\n", encoding="utf-8")
    return peers.read_queries(path)[0]


class QueryFile(unittest.TestCase):
    def test_the_default_set_reads_as_milpress_bench_labels_it(self):
        lines = peers.read_queries(peers.ROOT / "data" / "bench-queries.tsv")
        classes = list(dict.fromkeys(ln.cls for ln in lines))
        self.assertEqual(classes[0], "english_term")
        self.assertIn("cross_language", classes)
        speaker = next(ln for ln in lines if "--speaker" in ln.label)
        self.assertEqual(speaker.label, "台湾 --speaker Jiang Bin")
        self.assertEqual(speaker.query.filters["speaker"], ["Jiang Bin"])
        self.assertTrue(all(ln.exact for ln in lines if ln.cls == "english_term"))
        self.assertFalse(any(ln.exact for ln in lines if ln.cls == "cross_language"))

    def test_options_the_peers_cannot_follow_are_kept_apart(self):
        self.assertEqual(line("navy", "--theme taiwan").unsupported, ["--theme", "taiwan"])
        self.assertEqual(line("navy", "--sort -date").query.sort, "-date")

    def test_forms_from_milpress_become_alternatives(self):
        alts = peers.alternatives(line("Xiangshan Forum", "--year 2024"), ["香山论坛", "Beijing Xiangshan Forum"])
        self.assertEqual(len(alts), 3)
        self.assertTrue(alts[2].groups[0][0].phrase)
        self.assertEqual(alts[1].filters, {"year": "2024"})


class Engines(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.jsonl = fixture(Path(self.dir.name))

    def tearDown(self):
        self.dir.cleanup()

    def count(self, engine, text: str, options: str = "", forms=()) -> int:
        run, _ = engine.runner(peers.alternatives(line(text, options), list(forms)), peers.Notes())
        return run()

    def test_sqlite_counts_from_the_jsonl(self):
        fts = peers.Fts(self.jsonl, Path(self.dir.name))
        self.assertEqual(fts.counts["docs"], 4)
        self.assertEqual(self.count(fts, "navy"), 2, "the translation is searched in English")
        self.assertEqual(self.count(fts, "香山论坛"), 1)
        self.assertEqual(self.count(fts, "海军"), 1, "below three characters: a LIKE scan")
        self.assertEqual(self.count(fts, "navy", "--year 2024"), 1)
        self.assertEqual(self.count(fts, "navy", '--speaker "Jiang Bin"'), 1)
        self.assertEqual(self.count(fts, "forum", forms=["香山论坛"]), 2)
        fts.close()

    def test_tantivy_counts_from_the_jsonl(self):
        try:
            import tantivy
        except ImportError:
            self.skipTest("tantivy not installed (pip install tantivy==0.27.0)")
        folder = Path(self.dir.name) / "tantivy"
        folder.mkdir()
        tv = peers.Tantivy(tantivy, self.jsonl, folder)
        self.assertEqual(tv.docs, 4)
        self.assertEqual(self.count(tv, "navy"), 2)
        self.assertEqual(self.count(tv, "navy", "--year 2020"), 1)
        self.assertEqual(self.count(tv, "navy", '--speaker "Wu Qian"'), 1)
        self.assertEqual(self.count(tv, "forum", forms=["Xiangshan"]), 1)
        # The default tokenizer keeps a run of Chinese characters as one token.
        self.assertEqual(self.count(tv, "香山论坛开幕"), 1)
        self.assertEqual(self.count(tv, "香山论坛"), 0)


if __name__ == "__main__":
    unittest.main()
