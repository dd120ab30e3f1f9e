"""``seoulmade catalog eval``: the labelled catalog queries and the command that measures them."""

import json

from catalog.search.cli import catalog
from catalog.search.demo_catalog import demo_products
from catalog.search.evaluation import DATA_PATH, read_cases


def test_labelled_set_covers_five_languages_and_the_issues_failures():
    """At least 150 queries, 30 per language, one-character and kanji queries and the reported failures, each
    with relevant products in the demo catalog."""
    cases = read_cases(DATA_PATH)
    assert len(cases) >= 150
    counts = {lang: sum(1 for c in cases if c.lang == lang) for lang in ("ko", "en", "ja", "zh_Hans", "vi")}
    assert min(counts.values()) >= 30, counts
    queries = {(c.query, c.lang) for c in cases}
    assert {("指輪", "ja"), ("靴", "ja"), ("革", "ja"), ("鞄", "ja"), ("革靴", "ja"), ("鋳造", "ja"),
            ("ジュエリー", "ja"), ("lost-wax casting", "en"), ("로스트왁스 주조", "ko"), ("cast", "en")} <= queries
    products = demo_products()
    assert all(any(c.relevant(p) for p in products) for c in cases)


def test_eval_command_prints_json_per_language(app, tmp_path):
    """The command reports nDCG@10 and hit@10 of BM25, dense and hybrid per language; a bad file is refused."""
    runner = app.test_cli_runner()
    small = tmp_path / "queries.jsonl"
    small.write_text('{"query": "指輪", "lang": "ja", "categories": ["rings"]}\n'
                     '{"query": "ring", "lang": "en", "categories": ["rings"]}\n', encoding="utf-8")
    result = runner.invoke(catalog, ["eval", "--file", str(small), "--per-category", "10", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["by_lang"]) == {"ja", "en"}
    assert report["by_lang"]["ja"]["hybrid"]["ndcg@10"] >= report["by_lang"]["ja"]["lexical"]["ndcg@10"]
    small.write_text("not json\n", encoding="utf-8")
    bad = runner.invoke(catalog, ["eval", "--file", str(small)])
    assert bad.exit_code == 2 and ":1:" in bad.output
