"""Machine translation providers, one chosen by ``TRANSLATION_PROVIDER``:

* ``none`` (the default): no machine translation. Pages say so and offer no "Translate"; the phrasebook and the
  controlled vocabularies still cross the language gap.
* ``fxtranslate``: Mozilla's Firefox translation models run in this process by the ``fxtranslate`` engine, from
  the model files in the folder ``TRANSLATION_MODELS_DIR`` names. It never downloads: a pair without files there
  is simply not offered. Pairs without a direct model go through English (ja → en → ko).
* ``libretranslate``: a LibreTranslate-compatible HTTP service at ``TRANSLATION_PROVIDER_URL``
  (``POST /translate`` with ``q``, ``source``, ``target``, ``format``; optional ``api_key`` from
  ``TRANSLATION_PROVIDER_KEY``). Setting only the URL chooses it, as before.

Every provider has ``name``, ``available``, ``notice``, ``supports(source, target)`` and
``translate(texts, source, target)``, which raises :class:`TranslationUnavailable` with a message for people.
"""

from __future__ import annotations

import functools
import json
import logging
import queue
import re
import threading
import urllib.error
import urllib.request
import weakref
from concurrent.futures import Future
from pathlib import Path

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

EXTENSION = "seoulmade.translation"
PROVIDERS = ("none", "fxtranslate", "libretranslate")
# LibreTranslate's and Mozilla's language codes for ours; other codes (a test's "pt") pass through unchanged.
_PROVIDER_CODES = {"ko": "ko", "en": "en", "ja": "ja", "zh_Hans": "zh", "vi": "vi"}
PIVOT = "en"


def provider_code(locale: str) -> str:
    """The engines' code for one of our locales (``zh_Hans`` → ``zh``)."""
    return _PROVIDER_CODES.get(locale, locale)


class TranslationUnavailable(RuntimeError):
    """Machine translation failed or is not configured; the message is for people."""


class OfflineProvider:
    """The embedded default: no machine translation."""

    available = False
    name = "none"
    notice = _l("No machine translation service is configured on this server, so translations are written by "
                "people. An operator can connect one with TRANSLATION_PROVIDER_URL.")

    def supports(self, source: str, target: str) -> bool:
        """Never: there is no engine."""
        return False

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise TranslationUnavailable(str(self.notice))


class LibreTranslateProvider:
    """A LibreTranslate-compatible HTTP service."""

    available = True
    name = "libretranslate"
    notice = _l("Empty fields can be filled by machine translation; review them before publishing.")

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 20.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def supports(self, source: str, target: str) -> bool:
        """Any two different languages of ours: the service answers for itself when it cannot."""
        return source != target

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate each text from ``source`` to ``target`` locale."""
        payload = {"q": texts, "source": provider_code(source), "target": provider_code(target),
                   "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        request = urllib.request.Request(f"{self.url}/translate", data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = json.load(response)
        except (urllib.error.URLError, TimeoutError, OSError, json.JSONDecodeError) as exc:
            raise TranslationUnavailable(str(_l("The machine translation service did not answer. "
                                                "Try again later or translate by hand."))) from exc
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise TranslationUnavailable(str(_l("The machine translation service gave an unexpected answer.")))
        return [str(t) for t in translated]


_PAIR_DIR = re.compile(r"^([a-z]{2,3}(?:[-_][A-Z][a-z]{3})?)-([a-z]{2,3}(?:[-_][A-Z][a-z]{3})?)$")
_MODEL_FILE = re.compile(r"^model\.([a-z]{2})([a-z]{2})\..*bin$")


class ModelFiles:
    """The files of one direction's model in a folder: the model, its vocabularies and an optional shortlist."""

    def __init__(self, folder: Path):
        self.folder = folder
        models = sorted(folder.glob("model.*.bin"))
        shared = sorted(folder.glob("vocab.*.spm"))
        src, trg = sorted(folder.glob("srcvocab.*.spm")), sorted(folder.glob("trgvocab.*.spm"))
        if not models or not (shared or (src and trg)):
            raise ValueError(f"{folder} has no model.*.bin with vocab.*.spm (or srcvocab/trgvocab)")
        self.model = models[0]
        self.src_vocab = shared[0] if shared else src[0]
        self.trg_vocab = shared[0] if shared else trg[0]
        shortlists = sorted(folder.glob("lex.*.s2t.bin"))
        self.shortlist = shortlists[0] if shortlists else None


def find_model_pairs(models_dir: Path) -> dict[tuple[str, str], ModelFiles]:
    """Every direction a folder holds, by the engines' codes: one sub-folder per direction named ``src-trg``
    (fxtranslate's own cache layout, ``en-ko``) or holding ``model.<src><trg>.….bin`` (Mozilla's file names,
    ``model.koen.intgemm.alphas.bin``). Reads names only; the models load on first use."""
    pairs: dict[tuple[str, str], ModelFiles] = {}
    for folder in sorted(p for p in models_dir.iterdir() if p.is_dir()):
        try:
            files = ModelFiles(folder)
        except ValueError:
            continue
        named = _PAIR_DIR.match(folder.name)
        from_file = _MODEL_FILE.match(files.model.name)
        pair = (named.group(1), named.group(2)) if named else (
            (from_file.group(1), from_file.group(2)) if from_file else None)
        if pair is not None:
            pairs.setdefault(pair, files)
    return pairs


class _EngineThread:
    """One thread that owns every loaded engine and runs every translation: fxtranslate's engines may be used,
    and dropped, only on the thread that made them, while web servers answer on many threads. Jobs queue up
    (one engine works at a time on these small machines anyway); the engines go with the thread when the
    provider is dropped."""

    def __init__(self, load):
        self._load = load
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, args=(self._jobs, load), name="fxtranslate",
                                        daemon=True)
        self._thread.start()

    @staticmethod
    def _run(jobs: queue.SimpleQueue, load) -> None:
        engines: dict = {}
        while True:
            job = jobs.get()
            if job is None:
                engines.clear()  # dropped here, on the thread that made them
                return
            route, text, future = job
            try:
                for pair in route:
                    if pair not in engines:
                        engines[pair] = load(pair)
                    text = engines[pair].translate_long(text)
                future.set_result(text)
            except BaseException as exc:  # handed to the caller, never lost with the thread
                future.set_exception(exc)

    def translate(self, route: list[tuple[str, str]], text: str) -> str:
        future: Future = Future()
        self._jobs.put((route, text, future))
        return future.result()

    def stop(self) -> None:
        self._jobs.put(None)


class FxTranslateProvider:
    """Mozilla's translation models, run in this process by ``fxtranslate`` from operator-supplied files."""

    available = True
    name = "fxtranslate"
    notice = _l("Empty fields can be filled by machine translation; review them before publishing.")

    def __init__(self, models_dir: str | Path):
        self.models_dir = Path(models_dir)
        if not self.models_dir.is_dir():
            raise ValueError(f"TRANSLATION_MODELS_DIR {self.models_dir} is not a folder")
        self.pairs = find_model_pairs(self.models_dir)
        self._worker: _EngineThread | None = None
        self._lock = threading.Lock()

    def _route(self, source: str, target: str) -> list[tuple[str, str]] | None:
        src, trg = provider_code(source), provider_code(target)
        if src == trg:
            return None
        if (src, trg) in self.pairs:
            return [(src, trg)]
        if (src, PIVOT) in self.pairs and (PIVOT, trg) in self.pairs:
            return [(src, PIVOT), (PIVOT, trg)]
        return None

    def supports(self, source: str, target: str) -> bool:
        """Whether the folder holds a model for the pair, directly or through English."""
        return self._route(source, target) is not None

    def _engine_thread(self) -> _EngineThread:
        with self._lock:
            if self._worker is None:
                pairs = self.pairs
                worker = _EngineThread(functools.partial(_load_engine, pairs))
                weakref.finalize(self, worker.stop)
                self._worker = worker
            return self._worker

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate each text (paragraphs and sentences kept) from ``source`` to ``target``."""
        route = self._route(source, target)
        if route is None:
            raise TranslationUnavailable(str(_l("This server has no translation model for this pair of "
                                                "languages.")))
        worker = self._engine_thread()
        return [worker.translate(route, text) if text.strip() else text for text in texts]


def _load_engine(pairs: dict[tuple[str, str], ModelFiles], pair: tuple[str, str]):
    """Build the engine of one direction from its files (on the engine thread; a module function, so the
    thread holds no reference to its provider and the provider can be dropped)."""
    from fxtranslate import Translator  # the engine is imported only when a translation is asked for

    files = pairs[pair]
    try:
        return Translator(model=files.model.read_bytes(), src_vocab=files.src_vocab.read_bytes(),
                          trg_vocab=files.trg_vocab.read_bytes(),
                          shortlist=files.shortlist.read_bytes() if files.shortlist else None)
    except (OSError, ValueError) as exc:
        logging.getLogger(__name__).error("translation model %s could not be loaded: %s", files.folder, exc)
        raise TranslationUnavailable(str(_l("The machine translation model could not be loaded. "
                                            "Try again later or translate by hand."))) from exc


def build_provider(config) -> OfflineProvider | FxTranslateProvider | LibreTranslateProvider:
    """The provider the settings name; a setting that names an unknown provider, or one without its folder or
    URL, is refused at start-up with what to set."""
    url = config.get("TRANSLATION_PROVIDER_URL")
    name = (config.get("TRANSLATION_PROVIDER") or ("libretranslate" if url else "none")).strip().lower()
    if name == "none":
        return OfflineProvider()
    if name == "libretranslate":
        if not url:
            raise ValueError("TRANSLATION_PROVIDER=libretranslate needs TRANSLATION_PROVIDER_URL")
        return LibreTranslateProvider(url, config.get("TRANSLATION_PROVIDER_KEY"))
    if name == "fxtranslate":
        if not config.get("TRANSLATION_MODELS_DIR"):
            raise ValueError("TRANSLATION_PROVIDER=fxtranslate needs TRANSLATION_MODELS_DIR, a folder of models")
        return FxTranslateProvider(config["TRANSLATION_MODELS_DIR"])
    raise ValueError(f"TRANSLATION_PROVIDER must be one of {', '.join(PROVIDERS)}, not {name!r}")


def init_app(app: Flask) -> None:
    """Choose the provider from the settings (names only: no model is loaded and nothing is fetched here)."""
    app.extensions[EXTENSION] = build_provider(app.config)


def get_provider():
    """The app's translation provider."""
    return current_app.extensions[EXTENSION]
