"""The three locales stay in step, every message renders, and arguments are made safe."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot import i18n
from bot.i18n import LOCALES_DIR, Catalog, Safe, Translator, per_language

LOCALES = ("ky", "ru", "en")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _messages(locale: str) -> dict[str, ast.Message]:
    out: dict[str, ast.Message] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, ast.Junk)]
        assert not junk, f"{path}: syntax error near {junk[0].content[:80]!r}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                assert entry.id.name not in out, f"{locale}: {entry.id.name} defined twice"
                out[entry.id.name] = entry
    return out


def _variables(node: object) -> set[str]:
    found: set[str] = set()

    class Collector(Visitor):
        def visit_VariableReference(self, var: ast.VariableReference) -> None:
            found.add(var.id.name)
            self.generic_visit(var)

    Collector().visit(node)
    return found


def test_same_keys_in_every_locale() -> None:
    keys = {loc: set(_messages(loc)) for loc in LOCALES}
    union = set().union(*keys.values())
    for loc in LOCALES:
        assert union - keys[loc] == set(), f"locales/{loc} lacks {sorted(union - keys[loc])}"


def test_same_files_in_every_locale() -> None:
    files = {loc: {p.name for p in (LOCALES_DIR / loc).glob("*.ftl")} for loc in LOCALES}
    assert files["ky"] == files["ru"] == files["en"]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_renders_without_errors(catalog: Catalog, locale: str) -> None:
    bundle = catalog.bundles[locale]
    for key, message in _messages(locale).items():
        args = {name: "x" for name in _variables(message)}
        compiled = bundle.get_message(key)
        assert compiled.value is not None, f"{locale}:{key} has no value"
        text, errors = bundle.format_pattern(compiled.value, args)
        assert not errors, f"{locale}:{key}: {errors}"
        assert text.strip(), f"{locale}:{key} renders empty"
        assert "\u2068" not in text and "\u2069" not in text, f"{locale}:{key} has bidi marks"


@pytest.mark.parametrize("locale", LOCALES)
def test_arguments_are_html_escaped(catalog: Catalog, locale: str) -> None:
    text = catalog.translator(locale).t("welcome", name='<Ann & "Bo">')
    assert "&lt;Ann &amp; &quot;Bo&quot;&gt;" in text
    assert "<Ann" not in text


@pytest.mark.parametrize("locale", LOCALES)
def test_a_long_value_is_never_lost_to_fluent(catalog: Catalog, locale: str) -> None:
    """fluent.runtime renders a placeable over 2,500 characters as "{???}". People's text is
    composed around templates (bot.ui.framed); a long value that still reaches one is put in
    after formatting, escaped like any other."""
    name = "<Ann & Bo> " * 400  # 4,400 characters
    text = catalog.translator(locale).t("welcome", name=name)
    assert "{???}" not in text
    assert ("&lt;Ann &amp; Bo&gt; " * 400).strip() in text


def test_numbers_are_not_grouped_and_dates_are_local(catalog: Catalog) -> None:
    t = catalog.translator("en")
    assert "1234567" in t("mydata-section", section="s", count=1234567)
    assert "15.03.2027" in t(
        "onboarding-done", situation="planning", destination="russia",
        date=date(2027, 3, 15), has_date="yes",
    )  # fmt: skip


def test_safe_html_passes_through(catalog: Catalog) -> None:
    assert "<b>x</b>" in catalog.translator("en").t("mydata-language", value=Safe("<b>x</b>"))


def _locales(root: Path, bodies: dict[str, str]) -> Path:
    """A locales folder with one .ftl file per locale."""
    for loc, body in bodies.items():
        (root / loc).mkdir()
        (root / loc / "x.ftl").write_text(body, encoding="utf-8")
    return root


def test_kyrgyz_falls_back_to_russian_key_by_key(tmp_path: Path) -> None:
    bodies = {"ky": "", "ru": "only-ru = по-русски\n", "en": "only-ru = in English\n"}
    catalog = Catalog.load(_locales(tmp_path, bodies))
    assert catalog.translator("ky").t("only-ru") == "по-русски"
    assert catalog.translator("ky").t("missing-everywhere") == "missing-everywhere"


def test_a_message_without_arguments_is_formatted_once_per_locale(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bodies = {"ky": "hi = салам\n", "ru": "hi = привет\n", "en": "hi = hello\n"}
    catalog = Catalog.parse(_locales(tmp_path, bodies))
    ru, ky = catalog.translator("ru"), catalog.translator("ky")
    assert [ru.t("hi"), ky.t("hi"), ru.t("hi")] == ["привет", "салам", "привет"]
    assert catalog.plain == {("ru", "hi"): "привет", ("ky", "hi"): "салам"}
    # A missing key is not remembered: it is reported every time it is asked for.
    for _ in range(2):
        assert ru.t("nope") == "nope"
    assert [r.message for r in caplog.records].count("missing translation") == 2
    assert ("ru", "nope") not in catalog.plain


def test_a_message_with_numbers_and_dates_is_formatted_once_per_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = {
        "ky": "page = { $page } / { $total }\nhi = салам, { $name }\n",
        "ru": "page = { $page } из { $total }\nhi = привет, { $name }\n",
        "en": "page = { $page } of { $total }\nhi = hello, { $name }\n",
    }
    catalog = Catalog.parse(_locales(tmp_path, bodies))
    formatted: list[str] = []
    format_ = Translator._format

    def counted(self: Translator, key: str, args: dict[str, object]) -> str | None:
        formatted.append(key)
        return format_(self, key, args)

    monkeypatch.setattr(Translator, "_format", counted)
    ru, en = catalog.translator("ru"), catalog.translator("en")
    for _ in range(3):
        assert ru.t("page", page=1, total=3) == "1 из 3"
        assert en.t("page", page=1, total=3) == "1 of 3"
        assert ru.t("page", page=2, total=3) == "2 из 3"
    assert formatted == ["page"] * 3  # once per locale and arguments
    # 1 and True are equal keys in Python, not the same text.
    assert ru.t("page", page=True, total=True) != ru.t("page", page=1, total=1)
    assert ru.t("page", page=date(2027, 1, 5), total=3) == "05.01.2027 из 3"
    # A text argument is formatted every time and kept nowhere: it could be someone's name.
    formatted.clear()
    for _ in range(2):
        assert ru.t("hi", name="Айгүл") == "привет, Айгүл"
    assert formatted == ["hi", "hi"]
    assert not any(
        "Айгүл" in str(key) or "Айгүл" in text for key, text in catalog.formatted.items()
    )


def test_the_formatted_messages_kept_stay_few(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "FORMATTED_KEPT", 3)
    bodies = {locale: "page = { $page }\n" for locale in ("ky", "ru", "en")}
    catalog = Catalog.parse(_locales(tmp_path, bodies))
    ru = catalog.translator("ru")
    for page in range(10):
        assert ru.t("page", page=page) == str(page)
        assert len(catalog.formatted) <= 3


def test_every_personal_data_section_has_a_name(catalog: Catalog) -> None:
    from bot.features import personal_data_of
    from db.privacy import all_sections
    from handlers import FEATURES

    for section in all_sections(personal_data_of(FEATURES)):
        if section.name == "profile":
            continue  # shown field by field
        key = f"mydata-section-{section.name.replace('_', '-')}"
        for locale in ("ky", "ru", "en"):
            assert catalog.bundles[locale].has_message(key), f"{locale}: {key}"


@pytest.mark.parametrize("locale", LOCALES)
def test_each_message_parsed_on_use_is_the_one_a_full_parse_gives(locale: str) -> None:
    """The catalog splits the files into entries without parsing them (bot/i18n.py): every
    message and term it parses on use must be the same as in a parse of the whole file."""
    whole: dict[str, ast.Message | ast.Term] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, ast.Message | ast.Term):
                name = ("-" if isinstance(entry, ast.Term) else "") + entry.id.name
                whole.setdefault(name, entry)
    bundle = Catalog.parse().bundles[locale]
    messages, terms = bundle._messages, bundle._terms
    on_use = {
        **{k: messages[k] for k in messages.sources},
        **{f"-{k}": terms[k] for k in terms.sources},
    }
    assert on_use.keys() == whole.keys()
    # The comment above an entry belongs to the entry before it in the split; it is not shown.
    assert [
        k for k in whole if not on_use[k].equals(whole[k], ignored_fields=["span", "comment"])
    ] == []


def test_a_catalog_parses_no_message_before_it_is_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Start-up pays for the messages it shows, not for all ~2,500; a broken one is reported
    when asked for and treated as missing, as a full parse would leave it out."""
    catalog = Catalog.parse()
    assert all(len(b._messages) == 0 and len(b._terms) == 0 for b in catalog.bundles.values())
    catalog.translator("ru").t("menu-title")
    assert list(catalog.bundles["ru"]._messages) == ["menu-title"]
    assert all(len(catalog.bundles[loc]._messages) == 0 for loc in ("ky", "en"))

    bodies = {"ky": "", "ru": "broken = {\nfine = хорошо\n", "en": "broken = ok\n"}
    small = Catalog.parse(_locales(tmp_path, bodies))
    assert small.translator("ru").t("fine") == "хорошо"
    assert small.translator("ru").t("broken") == "ok"  # Russian's is broken: English's serves
    assert "fluent syntax error" in [r.message for r in caplog.records]


def test_the_catalog_is_parsed_once_per_process() -> None:
    """Start-up parses the .ftl files once (bot/runtime.py and bot/ui.py's content marks both
    load the catalog); a fresh parse is still there when wanted."""
    assert Catalog.load() is Catalog.load()
    fresh = Catalog.parse()
    assert fresh is not Catalog.load()
    assert fresh.message_ids == Catalog.load().message_ids


def test_a_per_language_keyboard_is_made_once_per_language_and_arguments() -> None:
    """bot/i18n.py:per_language: the same object for one language and arguments, made again
    for another; what it hands out is what a fresh build makes."""
    from handlers.menu import main_menu_kb
    from handlers.onboarding import date_kb

    made: list[tuple[str, int]] = []

    @per_language
    def numbered(t: Translator, n: int) -> list[str]:
        made.append((t.locale, n))
        return [t("btn-home")] * n

    catalog = Catalog.parse()
    ru, ky = catalog.translator("ru"), catalog.translator("ky")
    assert numbered(ru, 1) is numbered(ru, 1)
    assert numbered(ky, 1) is not numbered(ru, 1) and numbered(ru, 2) is not numbered(ru, 1)
    assert made == [("ru", 1), ("ky", 1), ("ru", 2)]
    # Another catalog (a reloaded one) makes its own.
    assert numbered(Catalog.parse().translator("ru"), 1) is not numbered(ru, 1)

    assert main_menu_kb(ru) is main_menu_kb(ru)
    assert main_menu_kb(ru) == main_menu_kb.__wrapped__(ru) != main_menu_kb(ky)
    assert date_kb(ky, "abroad") is date_kb(ky, "abroad")
    assert date_kb(ky, "abroad") == date_kb.__wrapped__(ky, "abroad") != date_kb(ky, "planning")
