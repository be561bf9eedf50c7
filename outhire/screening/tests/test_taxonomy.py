"""The skills taxonomy: aliases, word boundaries, symbols in names."""

from __future__ import annotations

from outhire.screening import taxonomy


def names(text: str) -> list[str]:
    return [m.name for m in taxonomy.find_skills(text)]


def test_it_maps_common_aliases_to_one_name():
    assert taxonomy.canonical("JS") == "JavaScript"
    assert taxonomy.canonical("Postgres") == "PostgreSQL"
    assert taxonomy.canonical("Python (computer programming)") == "Python"
    assert taxonomy.canonical("MS Excel") == "Microsoft Excel"
    assert taxonomy.canonical("k8s") == "Kubernetes"
    assert taxonomy.canonical("no such skill at all") is None


def test_it_keeps_symbols_in_skill_names():
    found = names("C++, C#, .NET, Node.js and ASP.NET; also C and R.")
    assert found == ["C++", "C#", ".NET", "Node.js", "ASP.NET", "C", "R"]


def test_it_respects_word_boundaries_and_case_for_ordinary_words():
    assert names("We go to R&D meetings, I excel at javascripting") == []
    assert names("Go, R, Excel") == ["Go", "R", "Microsoft Excel"]
    assert names("Java, JavaScript") == ["Java", "JavaScript"]


def test_it_prefers_the_longest_alias():
    assert names("SQL Server and PL/SQL") == ["Microsoft SQL Server", "PL/SQL"]


def test_it_gives_offsets_into_the_text():
    text = "Strong in Kubernetes."
    (match,) = taxonomy.find_skills(text)
    assert text[match.start : match.end] == "Kubernetes"
    assert match.category == "devops"


def test_it_knows_related_skills_both_ways():
    assert "Django" in taxonomy.related("Python")
    assert "Python" in taxonomy.related("Django")


def test_it_carries_esco_uris_and_attribution():
    import json

    data = json.loads(taxonomy.DATA_PATH.read_text(encoding="utf-8"))
    assert "2011/833/EU" in data["attribution"]
    english = next(s for s in data["skills"] if s["name"] == "English")
    assert english["esco_uri"].startswith("http://data.europa.eu/esco/skill/")
    assert 1000 < len(data["skills"]) < 6000
