"""``seoulmade bench matching``: build the engine over many synthetic profiles and measure build time, query
latency through the service, HNSW recall against exact search, and memory.

Profiles are composed from realistic sentences (trades, processes, materials, parts and industries named with
the glossary's Korean and English terms, in templates like those of real profiles), a mix of Korean and English,
of realistic length (title, 4–6 offer sentences, 1–2 seek sentences). The sentences come from a pool of
``--sentences`` distinct ones: the engine embeds by sentence and caches each one, so every distinct sentence is
encoded once and 100,000 profiles cost what their distinct sentences cost — which is exactly what the engine
does with real profiles too, not a shortcut of the bench. The report states the pool size, how many texts
the model encoded, and the measured encoding throughput, so the cost of encoding every sentence fresh can be
read off.

Queries are distinct from every indexed sentence (so the query is encoded each time, as in the service), half
Korean and half English, with kinds and filters, explanations on, top 10. They are answered by a new process that
starts as a web worker does with a generation present (the app, the model, the saved generation loaded and
memory-mapped), so its RSS is what a worker holds, not the building process's. Embeddings are cached in a
database of the bench's own (the app's ``embeddings`` table and code path), kept between runs. With ``--json``
the last line is one JSON object (``build_s``, ``cold_p95_ms``, ``recall_at_10``, ``rss_mb`` and more).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import click
import numpy as np

from matching.documents import KINDS, LICENSE_TERMS, MatchDoc

CLUSTERS = ("mullae", "seongsu", "jongno", "bongik", "euljiro", "dongdaemun", "changsin", "jangwi", "doksan",
            "guro-geumcheon")
REGIONS = ("KR-11", "KR-11", "KR-11", "KR-41", "KR-26", "JP", "US", "DE", "VN", "CN")
INDUSTRIES = [("automotive", "자동차"), ("medical device", "의료기기"), ("robotics", "로봇"), ("drone", "드론"),
              ("semiconductor equipment", "반도체 장비"), ("fashion", "패션"), ("furniture", "가구"),
              ("cosmetics packaging", "화장품 포장"), ("aerospace", "항공우주"), ("consumer electronics", "가전"),
              ("shipbuilding", "조선"), ("jewellery", "주얼리"), ("footwear", "신발"), ("publishing", "출판")]
PARTS = [("housings", "하우징"), ("brackets", "브래킷"), ("shafts", "샤프트"), ("gears", "기어"),
         ("moulds", "금형"), ("frames", "프레임"), ("fixtures", "지그"), ("panels", "패널"), ("rings", "반지"),
         ("buckles", "버클"), ("labels", "라벨"), ("uppers", "갑피"), ("cases", "케이스"), ("flanges", "플랜지")]
GOALS = [("prototype new products", "신제품 시제품을 만들"), ("cut lead times", "납기를 줄일"),
         ("export to Japan and Europe", "일본과 유럽에 수출할"), ("automate inspection", "검사를 자동화할"),
         ("reduce the defect rate", "불량률을 낮출"), ("license a patent", "특허를 도입할"),
         ("develop eco-friendly materials", "친환경 소재를 개발할"), ("scale up small-batch production",
                                                                 "소량 생산을 늘릴")]
NAMES_EN = ["Hanul", "Saebit", "Daon", "Mirae", "Haneul", "Gaon", "Nuri", "Seoul", "Jinwoo", "Arum", "Bomi",
            "Chorok", "Dasom", "Eunha", "Garam", "Hyangi", "Iseul", "Jaram", "Kkotbi", "Maru"]
SUFFIX_EN = ["Precision", "Works", "Metal", "Studio", "Lab", "Industries", "Atelier", "Tech", "Robotics", "Print"]
NAMES_KO = ["한울", "새빛", "다온", "미래", "하늘", "가온", "누리", "서울", "진우", "아름", "보미", "초록", "다솜"]
SUFFIX_KO = ["정밀", "공업", "금속", "공방", "연구소", "산업", "아틀리에", "테크", "로보틱스", "인쇄"]

TEMPLATES_EN = [
    "We specialise in {process} of {material} {part} for {industry} customers.",
    "Our workshop handles {process} and {process2} in small batches from a single prototype.",
    "Most orders are {material} {part} for {industry} companies, delivered in {weeks} weeks.",
    "The team runs {process} with {years} years of experience and inspects every part in house.",
    "We can take a design from drawing to finished {part} using {process} and {process2}.",
    "Typical batches are {qty} pieces of {material} {part}, with {process2} as a finishing step.",
]
TEMPLATES_KO = [
    "{industry} 고객을 위한 {material} {part}의 {process}을 전문으로 합니다.",
    "시제품 한 개부터 소량 생산까지 {process}과 {process2}을 함께 맡습니다.",
    "주요 주문은 {industry} 업체의 {material} {part}이며 {weeks}주 안에 납품합니다.",
    "{years}년 경력의 기술자가 {process}을 하고 모든 부품을 자체 검사합니다.",
    "도면만 있으면 {process}과 {process2}으로 {part}를 완성해 드립니다.",
    "보통 {material} {part} {qty}개 단위로 생산하고 마감은 {process2}으로 합니다.",
]
SEEK_EN = ["We are looking for {partner} to {goal}.", "We want a partner in {process} to help us {goal}.",
           "We need {material} {part} made by {process} for {industry} projects."]
SEEK_KO = ["{goal} {partner}를 찾습니다.", "{process} 분야의 협력사와 함께 {goal} 계획입니다.",
           "{industry} 프로젝트에 쓸 {material} {part}을 {process}으로 만들어 줄 곳이 필요합니다."]
PARTNERS = [("research labs", "연구소"), ("startups", "스타트업"), ("patent holders", "특허 보유 기업"),
            ("overseas buyers", "해외 바이어"), ("machine shops", "가공 업체")]
QUERIES_EN = ["Who can do {process} on {material} {part} for a {industry} prototype",
              "partner for {process} and {process2}, small batch, {industry}",
              "{material} {part} by {process} needed within {weeks} weeks"]
QUERIES_KO = ["{industry} 시제품용 {material} {part} {process} 가능한 곳",
              "{process}과 {process2} 소량 생산 협력사 찾아요",
              "{weeks}주 안에 {material} {part} {process} 해줄 업체"]


def _terms() -> dict[str, tuple[list, list]]:
    """Per trade domain, (processes, materials) as (en, ko) name pairs from the glossary."""
    from i18n.glossary import load_glossary

    domains: dict[str, tuple[list, list]] = {}
    for term in load_glossary():
        if term.domain == "general":
            continue
        processes, materials = domains.setdefault(term.domain, ([], []))
        pair = (term.name("en"), term.name("ko"))
        words = pair[0].split()
        if len(words) <= 3 and any(w.endswith(("ing", "ion")) for w in words):
            processes.append(pair)
        elif len(words) <= 2:
            materials.append(pair)
    return {d: (p, m) for d, (p, m) in domains.items() if len(p) >= 2 and m}


def _fill(rng: random.Random, template: str, lang: str, process, processes, materials) -> str:
    i = 0 if lang == "en" else 1
    process2 = rng.choice([p for p in processes if p != process])
    values = {"process": process[i], "process2": process2[i], "material": rng.choice(materials)[i],
              "part": rng.choice(PARTS)[i], "industry": rng.choice(INDUSTRIES)[i], "goal": rng.choice(GOALS)[i],
              "partner": rng.choice(PARTNERS)[i], "weeks": rng.randint(2, 12), "years": rng.randint(5, 40),
              "qty": rng.choice((50, 100, 200, 500, 1000))}
    return template.format(**values)


def sentence_pools(rng: random.Random, size: int) -> dict[tuple[str, str, str], list[str]]:
    """Distinct sentences per (language, side, specialty), ``size`` in all, 60% English (Korean costs the
    offline model about three times more to encode, jamo by jamo). A specialty is one process of one trade;
    its sentences name that process with others of the same trade, so a profile drawn from one or two
    specialties is about one thing, as real profiles are."""
    terms = _terms()
    specialties = [(domain, process) for domain, (processes, _m) in terms.items() for process in processes]
    shares = {("en", "offer"): 0.48, ("en", "seek"): 0.12, ("ko", "offer"): 0.32, ("ko", "seek"): 0.08}
    templates = {("en", "offer"): TEMPLATES_EN, ("en", "seek"): SEEK_EN, ("ko", "offer"): TEMPLATES_KO,
                 ("ko", "seek"): SEEK_KO}
    pools: dict[tuple[str, str, str], list[str]] = {}
    for (lang, side), share in shares.items():
        per = max(2, round(size * share / len(specialties)))
        for domain, process in specialties:
            processes, materials = terms[domain]
            seen: dict[str, None] = {}
            for _attempt in range(per * 20):
                if len(seen) >= per:
                    break
                seen[_fill(rng, rng.choice(templates[(lang, side)]), lang, process, processes, materials)] = None
            pools[(lang, side, process[0])] = list(seen)
    return pools


def synthetic_docs(count: int, pools, seed: int = 11) -> list[MatchDoc]:
    """``count`` profiles and listings, each about one or two specialties, composed from the sentence pools."""
    rng = random.Random(seed)
    specialties = sorted({key[2] for key in pools})
    docs = []
    kinds = rng.choices(KINDS, weights=(50, 10, 12, 15, 13), k=count)
    for i, kind in enumerate(kinds, start=1):
        lang = "ko" if rng.random() < 0.4 else "en"
        name = (f"{rng.choice(NAMES_EN)} {rng.choice(SUFFIX_EN)}" if lang == "en"
                else f"{rng.choice(NAMES_KO)}{rng.choice(SUFFIX_KO)}")
        chosen = rng.sample(specialties, rng.randint(1, 2))
        offer_pool = [s for sp in chosen for s in pools[(lang, "offer", sp)]]
        offer = " ".join(rng.sample(offer_pool, min(len(offer_pool), rng.randint(4, 6))))
        listing = kind in ("ip_holder", "lab") and rng.random() < 0.5
        seek_pool = pools[(lang, "seek", rng.choice(specialties))]
        seek = "" if listing else " ".join(rng.sample(seek_pool, min(len(seek_pool), rng.randint(1, 2))))
        docs.append(MatchDoc(
            doc_id=f"t:{i}" if listing else f"p:{i}", org_id=i, kind=kind, lang=lang, title=name, offer=offer,
            seek=seek, region=rng.choice(REGIONS), cluster=rng.choice(CLUSTERS) if kind == "maker" else None,
            trl=rng.randint(3, 9) if listing else None,
            license_terms=tuple(rng.sample(LICENSE_TERMS, rng.randint(1, 2))) if listing else ()))
    return docs


def queries(n: int, seed: int = 99) -> list[tuple[str, str, dict, list | None]]:
    """``n`` distinct (text, lang, filters, kinds) queries, half Korean, with a mix of filters."""
    rng = random.Random(seed)
    terms = _terms()
    out, seen = [], set()
    filter_choices = [({}, None), ({"cluster": ["mullae", "seongsu"]}, ["maker"]),
                      ({"trl_min": 5}, ["lab", "ip_holder"]), ({"region": "KR-11"}, None),
                      ({"license_terms": ["license"]}, None), ({}, ["maker", "lab"])]
    while len(out) < n:
        lang = "ko" if len(out) % 2 else "en"
        processes, materials = terms[rng.choice(sorted(terms))]
        text = _fill(rng, rng.choice(QUERIES_KO if lang == "ko" else QUERIES_EN), lang, rng.choice(processes),
                     processes, materials)
        if text in seen:
            continue
        seen.add(text)
        filters, kinds = rng.choice(filter_choices)
        out.append((text, lang, filters, kinds))
    return out


def _rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory in MB: ``VmRSS`` (all of it), ``RssAnon`` (its own), ``RssFile`` (pages
    of mapped files: the memory-mapped generation, shared with the node's other processes) or ``VmHWM`` (peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _cache_database(bench_dir: Path):
    """The bench's own database holding only the embedding cache (the app's table, the app's code path), kept
    between runs so sentences encoded by an earlier run are reused."""
    from market.db import Database, make_engine
    from matching.models import Embedding

    bench_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{bench_dir / 'embeddings.db'}")
    Embedding.__table__.create(engine, checkfirst=True)
    return Database(engine)


def run_matching_bench(app, count: int, n_queries: int, sentences: int, seed: int = 11,
                       as_json: bool = False) -> dict:
    """Run the bench and print its figures; returns them as a dict (with ``as_json``, also printed as one JSON
    object on the last line: ``build_s``, ``cold_p95_ms``, ``recall_at_10``, ``rss_mb`` and more)."""
    from matching.engine import make_engine
    from matching.engine.embeddings import DatabaseEmbeddingCache

    echo = click.echo
    rss0 = _rss_mb()
    engine = make_engine(app)
    bench_dir = Path(app.config["DATA_DIR"]) / "bench-matching"
    engine.embedder.cache = DatabaseEmbeddingCache(_cache_database(bench_dir), engine.embedder.model_id)
    engine.directory = Path(tempfile.mkdtemp(prefix="bench-matching-"))
    embedder = engine.embedder
    echo(f"model {embedder.model_id}, {os.cpu_count()} CPUs, HNSW above {engine.hnsw_threshold} docs "
         f"(M={engine.hnsw_params.m}, efConstruction={engine.hnsw_params.ef_construction}, "
         f"efSearch={engine.hnsw_params.ef_search})")

    # 1. Throughput of the model on fresh texts (never cached: a random tag makes them new).
    rng = random.Random(seed)
    pools = sentence_pools(rng, sentences)
    tag = f"{time.time_ns()}"
    embedder.encode([f"warm up {tag}"], persist=False)  # load the model first: not part of the throughput
    for lang in ("en", "ko"):
        sample = [f"{s} ({tag}-{i})" for i, s in enumerate(
            [x for key, pool in pools.items() if key[:2] == (lang, "offer") for x in pool][:128])]
        started = time.perf_counter()
        embedder.encode(sample, persist=False)
        rate = len(sample) / (time.perf_counter() - started)
        echo(f"encoding throughput ({lang}): {rate:,.0f} sentences/s")

    # 2. Build.
    docs = synthetic_docs(count, pools, seed)
    distinct = len({s for pool in pools.values() for s in pool})
    encoded_before = embedder.encoded
    stages: dict[str, float] = {}
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, time.perf_counter())
        if done >= total:
            stages[stage] = time.perf_counter() - marks[stage]

    started = time.perf_counter()
    engine.rebuild(docs, progress=progress, save=False)
    build = time.perf_counter() - started
    rss_built = _rss_mb()
    started = time.perf_counter()
    engine.save()
    save = time.perf_counter() - started
    encoded = embedder.encoded - encoded_before
    stages["sentences, cache look-ups and side vectors"] = build - sum(stages.values())
    echo(f"build: {len(docs):,} docs ({engine.index_kind}) in {build:.1f} s — "
         + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
         + f"; saved in {save:.1f} s")
    echo(f"  {distinct:,} distinct sentences in the pool; {encoded:,} texts encoded by the model now "
         f"(0 = all from the cache of an earlier run), the rest reused from the cache")
    rss = _rss_mb()  # serving: the generation saved, its sentence vectors memory-mapped

    # 3. A web process serving from the saved generation (a new process: the model, Kiwi, the generation loaded
    # and memory-mapped, as gunicorn's workers do at start) answers the queries; its RSS is a worker's.
    qs = queries(n_queries + 10, seed)
    echo("serving: a new process loads the saved generation and answers the queries…")
    served = _serve_in_new_process(str(engine.directory), str(bench_dir), count, sentences, seed, n_queries)
    echo(f"  generation loaded ({served['outcome']}) in {served['load_s']:.1f} s, {served['encoded']} texts "
         f"encoded at load; RSS {served['rss_base_mb']:,.0f} MB with the model and Kiwi loaded and no index, "
         f"{served['rss_loaded_mb']:,.0f} MB with the generation loaded, {served['rss_mb']:,.0f} MB after the "
         f"queries ({served['rss_anon_mb']:,.0f} MB its own, {served['rss_file_mb']:,.0f} MB pages of mapped files "
         f"shared with the node's other processes), peak {served['peak_rss_mb']:,.0f} MB")
    samples, cached = served["samples"], served["cached"]
    load_before, load_after = served["load_average"]
    echo(f"query latency (hybrid + filters + explanations, top 10, n={len(samples)}): "
         f"p50 {statistics.median(samples):.1f} ms, p95 {_pct(samples, 0.95):.1f} ms, "
         f"max {max(samples):.1f} ms")
    echo(f"  the same queries again with their vectors cached (everything else redone): "
         f"p50 {statistics.median(cached):.1f} ms, p95 {_pct(cached, 0.95):.1f} ms")
    echo(f"  load average {load_before:.1f} before and {load_after:.1f} after the queries "
         f"({os.cpu_count()} CPUs; other jobs share them)")
    by_lang = {lang: [s for s, q in zip(samples, qs[10:], strict=True) if q[1] == lang] for lang in ("en", "ko")}
    echo("  " + ", ".join(f"{lang}: p50 {statistics.median(v):.1f} / p95 {_pct(v, 0.95):.1f} ms"
                          for lang, v in by_lang.items() if v))

    # 4. Recall@10 of the index against exact search (unfiltered, the query vectors of the service).
    vindex = engine._vindex
    found = total = 0
    for text, lang, _f, _k in qs[10:]:
        _units, vectors = engine._encode_query(text, "ko" if lang == "ko" else "en", True)
        truth = set(vindex.exact_search(vectors[0], 10).tolist())
        found += len(truth & set(vindex.search(vectors[0], 10)[1].tolist()))
        total += len(truth)
    recall = found / total if total else 1.0
    echo(f"recall@10 of the {engine.index_kind} index against exact search: {recall:.3f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    echo(f"memory: the serving process {served['rss_mb']:,.0f} MB RSS after the queries, of which the index "
         f"{served['rss_mb'] - served['rss_base_mb']:,.0f} MB (the rest is the model, Kiwi and the app); the building "
         f"process {rss_built:,.0f} MB at the end of "
         f"the build, {rss:,.0f} MB after the save ({rss0:,.0f} MB before the build), peak {peak:,.0f} MB")
    import shutil

    shutil.rmtree(engine.directory, ignore_errors=True)
    p = engine.hnsw_params
    figures = {"docs": len(docs), "index": engine.index_kind, "build_s": round(build, 1),
               "stages": {k: round(v, 2) for k, v in stages.items()}, "save_s": round(save, 1),
               "distinct_sentences": distinct, "encoded": encoded,
               "cold_p50_ms": round(statistics.median(samples), 2), "cold_p95_ms": round(_pct(samples, 0.95), 2),
               "cached_p50_ms": round(statistics.median(cached), 2), "cached_p95_ms": round(_pct(cached, 0.95), 2),
               "load_average": [round(load_before, 2), round(load_after, 2)], "recall_at_10": round(recall, 4),
               "rss_mb": round(served["rss_mb"]), "rss_loaded_mb": round(served["rss_loaded_mb"]),
               "rss_base_mb": round(served["rss_base_mb"]),
               "index_rss_mb": round(served["rss_mb"] - served["rss_base_mb"]),
               "rss_anon_mb": round(served["rss_anon_mb"]), "rss_file_mb": round(served["rss_file_mb"]),
               "serving_peak_rss_mb": round(served["peak_rss_mb"]), "load_s": round(served["load_s"], 2),
               "builder_rss_built_mb": round(rss_built), "builder_rss_saved_mb": round(rss),
               "builder_peak_rss_mb": round(peak), "queries": len(samples),
               "hnsw": {"m": p.m, "ef_construction": p.ef_construction, "ef_search": p.ef_search},
               "model": embedder.model_id, "cpus": os.cpu_count(), "cpu": _cpu_name(), "np": np.__version__}
    if as_json:
        import json

        echo(json.dumps(figures, ensure_ascii=False))
    return figures


def _serve_in_new_process(directory: str, bench_dir: str, count: int, sentences: int, seed: int,
                          n_queries: int) -> dict:
    """Run :func:`_serve` in a new (spawned, not forked: nothing of this process's memory) Python process."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_serve, args=(directory, bench_dir, count, sentences, seed, n_queries, results))
    process.start()
    try:
        served = results.get(timeout=3600)
    finally:
        process.join(timeout=60)
    if "error" in served:
        raise click.ClickException(f"the serving process failed: {served['error']}")
    return served


def _serve(directory: str, bench_dir: str, count: int, sentences: int, seed: int, n_queries: int, results) -> None:
    """In a new process: start as a web worker does with a generation present (app, engine, model, generation
    loaded and checked against the docs), then answer the bench's queries cold, then again with their vectors
    cached; put the figures on ``results``."""
    try:
        from i18n.text import tokenize
        from market.app import create_app
        from matching.engine import make_engine
        from matching.engine.embeddings import DatabaseEmbeddingCache

        app = create_app()
        engine = make_engine(app)
        engine.embedder.cache = DatabaseEmbeddingCache(_cache_database(Path(bench_dir)), engine.embedder.model_id)
        engine.directory = Path(directory)
        engine.embedder.encode(["warm up"], persist=False)  # the model and Kiwi, as matching.engine.warm loads them
        tokenize("준비 운동")
        rss_base = _rss_mb()
        docs = synthetic_docs(count, sentence_pools(random.Random(seed), sentences), seed)  # "the database"
        started = time.perf_counter()
        outcome = engine.ensure_consistent(lambda: docs)
        load = time.perf_counter() - started
        encoded = engine.embedder.encoded - 1
        rss_loaded = _rss_mb()
        qs = queries(n_queries + 10, seed)
        for text, lang, filters, kinds in qs[:10]:
            engine.search(text, lang, kinds=kinds, filters=filters, k=10)
        samples, cached = [], []
        load_before = os.getloadavg()[0]
        for text, lang, filters, kinds in qs[10:]:
            started = time.perf_counter()
            engine.search(text, lang, kinds=kinds, filters=filters, k=10, viewer_lang="en")
            samples.append((time.perf_counter() - started) * 1000)
        for text, lang, filters, kinds in qs[10:]:  # again: the query vectors are now in the in-memory cache
            started = time.perf_counter()
            engine.search(text, lang, kinds=kinds, filters=filters, k=10, viewer_lang="en")
            cached.append((time.perf_counter() - started) * 1000)
        results.put({"outcome": outcome, "load_s": load, "encoded": encoded, "rss_loaded_mb": rss_loaded,
                     "rss_base_mb": rss_base, "rss_mb": _rss_mb(), "rss_anon_mb": _rss_mb("RssAnon"),
                     "rss_file_mb": _rss_mb("RssFile"), "peak_rss_mb": _rss_mb("VmHWM"),
                     "samples": samples, "cached": cached,
                     "load_average": [load_before, os.getloadavg()[0]]})
    except Exception as exc:  # the parent reports it
        results.put({"error": repr(exc)})


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""
