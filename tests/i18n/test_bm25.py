"""BM25 built a chunk at a time: the same matrix bm25s builds from the whole corpus at once, bit for bit, saved in
bm25s's layout and memory-mapped back."""

from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from i18n.bm25 import BM25Builder, BM25Matrix, build


def _corpus(docs: int = 2_000, seed: int = 1) -> list[list[str]]:
    """Token lists with a skewed vocabulary (a few common words, many rare ones) and repeated words."""
    rng = random.Random(seed)
    words = ["가죽", "指輪", "§c12"] + [f"w{i}" for i in range(400)]
    return [[rng.choice(words[:rng.randint(3, len(words))]) for _ in range(rng.randint(1, 60))] for _ in range(docs)]


def _reference(corpus, k1=1.5, b=0.75):
    retriever = bm25s.BM25(k1=k1, b=b)
    retriever.index(corpus, show_progress=False)
    return retriever


@pytest.mark.parametrize("chunk", [1, 333, 5_000])
def test_chunks_give_bm25s_scores_bit_for_bit(chunk):
    """Whatever the chunk size, every word's column, several words at once and a repeated word score every
    document exactly as bm25s does; document frequencies and the mean length agree."""
    corpus = _corpus()
    reference = _reference(corpus)
    builder = BM25Builder()
    for start in range(0, len(corpus), chunk):
        builder.add(corpus[start:start + chunk])
    matrix = builder.finish()
    assert matrix.num_docs == len(corpus) and set(matrix.vocab_dict) == set(reference.vocab_dict) - {""}
    assert matrix.avgdl == pytest.approx(np.mean([len(d) for d in corpus]))
    words = sorted(matrix.vocab_dict)
    for query in [[w] for w in words] + [words[i:i + 6] for i in range(0, len(words), 5)] + [["w1", "w1", "가죽"]]:
        ours = matrix.scores_for(query)
        theirs = reference.get_scores_from_ids([reference.vocab_dict[w] for w in query])
        assert ours.dtype == np.float32 and np.array_equal(ours, theirs), query
    assert matrix.document_frequency("指輪") == sum("指輪" in d for d in corpus)
    assert matrix.document_frequency("unknown") == 0 and not matrix.scores_for(["unknown"]).any()


def test_other_parameters_and_empty_documents():
    """k1 and b are honoured (matching uses k1 1.2); a document without words scores 0 for every word and
    shortens the mean length, and the builder can be given no document at all."""
    corpus = _corpus(300, seed=4)
    reference = _reference(corpus, k1=1.2, b=0.6)
    matrix = build(corpus, k1=1.2, b=0.6)
    for word in ("w0", "w5", "§c12"):
        assert np.array_equal(matrix.scores_for([word]), reference.get_scores_from_ids([reference.vocab_dict[word]]))
    with_empty = build([["a", "b"], [], ["a"]])
    assert with_empty.avgdl == 1.0 and with_empty.scores_for(["a"])[1] == 0
    assert with_empty.scores_for(["a"])[0] > 0 and with_empty.scores_for(["a"])[2] > 0
    nothing = BM25Builder().finish()
    assert nothing.num_docs == 0 and nothing.scores_for(["a"]).shape == (0,)


def test_saved_in_bm25s_layout_and_memory_mapped(tmp_path):
    """The saved matrix loads memory-mapped with the same scores, bm25s loads the same files and agrees; a
    column outside the matrix is refused, and a method with non-occurrence scores is not read as lucene."""
    corpus = _corpus(500, seed=9)
    matrix = build(corpus)
    matrix.save(tmp_path / "bm25")
    loaded = BM25Matrix.load(tmp_path / "bm25")
    assert isinstance(loaded.scores["indices"], np.memmap) and loaded.vocab_dict == matrix.vocab_dict
    theirs = bm25s.BM25.load(str(tmp_path / "bm25"), mmap=True, show_progress=False)
    query = matrix.token_ids(["w2", "w9", "w2", "missing"])
    assert len(query) == 3
    assert np.array_equal(loaded.get_scores_from_ids(query), matrix.get_scores_from_ids(query))
    assert np.array_equal(theirs.get_scores_from_ids(query), matrix.get_scores_from_ids(query))
    with pytest.raises(ValueError):
        loaded.get_scores_from_ids([len(matrix.vocab_dict)])
    other = _reference(corpus)
    other.method = "bm25+"
    other.save(str(tmp_path / "plus"))
    with pytest.raises(ValueError, match="bm25\\+"):
        BM25Matrix.load(tmp_path / "plus")
