"""The questions `make bench` times are routes of the match service's OpenAPI document, asked with
bodies that give every required field and only fields the route knows."""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from benchmarks.questions import Ids, Question, questions
from services.match.app import create_app

IDS = Ids(parks=[1, 2], companies=[3, 4], nodes=[5], funds=[6], providers=[7])


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    openapi: dict[str, Any] = create_app().openapi()
    return openapi


def operation(document: dict[str, Any], question: Question) -> dict[str, Any]:
    path = urlsplit(question.path).path
    for template, operations in document["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            found: dict[str, Any] | None = operations.get(question.method.lower())
            if found is not None:
                return found
    raise AssertionError(f"the match service has no route {question.method} {path}")


def body_problems(document: dict[str, Any], question: Question) -> list[str]:
    found = operation(document, question)
    if question.body is None:
        return ["the route wants a body"] if found.get("requestBody", {}).get("required") else []
    if "requestBody" not in found:
        return ["the route takes no body"]
    reference = found["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    missing = [f"missing {name}" for name in schema.get("required", []) if name not in question.body]
    unknown = [f"unknown {name}" for name in question.body if name not in schema["properties"]]
    return missing + unknown


@pytest.mark.parametrize("name", list(questions(IDS)))
def test_each_question_is_a_match_route_with_a_body_it_reads(document: dict[str, Any], name: str) -> None:
    for i in range(3):
        assert body_problems(document, questions(IDS)[name](i)) == []


def test_a_wrong_body_or_route_fails_the_check(document: dict[str, Any]) -> None:
    wrong_body = Question("x", "POST", "/api/v1/match/companies-for-park", {"node_id": 1})
    assert body_problems(document, wrong_body) == ["missing park_id", "unknown node_id"]
    with pytest.raises(AssertionError, match="no route"):
        operation(document, Question("x", "GET", "/api/v1/match/companies-for-park", None))
