"""The deployment files parse, run the three services, and configure them only through Settings."""

import re
from pathlib import Path
from typing import Any

import yaml

from shared.settings import PROJECT_ROOT, Settings

DEPLOY = PROJECT_ROOT / "deploy"
K8S = DEPLOY / "k8s"
IMAGE = "parkmatch"
SETTINGS = {name.upper() for name in Settings.model_fields}
# Set in the image for the Python runtime and pip, not read by ParkMatch.
PYTHON_RUNTIME = {
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "PIP_NO_CACHE_DIR",
    "PIP_DISABLE_PIP_VERSION_CHECK",
}


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return document


def k8s_documents() -> list[dict[str, Any]]:
    return [
        document
        for path in sorted(K8S.glob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text())
        if document is not None
    ]


def env_file_names(path: Path) -> set[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def dockerfile_env_names() -> set[str]:
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    return {
        name
        for line in text.splitlines()
        if line.startswith("ENV ")
        for name in re.findall(r"([A-Z_][A-Z0-9_]*)=", line)
    }


def compose_parkmatch_env_names() -> set[str]:
    names: set[str] = set()
    for service in compose()["services"].values():
        if service["image"].split(":")[0] == IMAGE:
            environment = service.get("environment", {})
            names |= (
                set(environment) if isinstance(environment, dict) else {e.split("=")[0] for e in environment}
            )
    return names


def k8s_parkmatch_env_names() -> set[str]:
    names: set[str] = set()
    for document in k8s_documents():
        if document["kind"] == "ConfigMap":
            names |= set(document["data"])
        spec = document.get("spec", {}).get("template", {}).get("spec", {})
        for container in spec.get("containers", []) + spec.get("initContainers", []):
            if container["image"].split(":")[0] == IMAGE:
                names |= {variable["name"] for variable in container.get("env", [])}
    return names | env_file_names(K8S / "env.example")


def test_compose_parses_and_runs_the_three_services_from_one_image() -> None:
    services = compose()["services"]
    for name in ("catalog", "match", "gateway"):
        assert services[name]["image"].split(":")[0] == IMAGE
        assert f"services.{name}.app:create_app" in " ".join(services[name]["command"])
        assert "healthcheck" in services[name]
    assert services["match"]["deploy"]["replicas"] == 2
    assert services["gateway"]["deploy"]["replicas"] == 2
    assert services["seed"]["command"][-1] == "seed"
    assert "migrate" in " ".join(services["catalog"]["command"])
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"lb"}, "only the load balancer in front of the gateways is published"


def test_k8s_manifests_parse_and_kustomization_lists_them() -> None:
    documents = k8s_documents()
    kustomization = next(d for d in documents if d["kind"] == "Kustomization")
    assert sorted(kustomization["resources"]) == sorted(
        path.name for path in K8S.glob("*.yaml") if path.name != "kustomization.yaml"
    )
    kinds = {(d["kind"], d["metadata"]["name"]) for d in documents if d["kind"] != "Kustomization"}
    assert {("Deployment", "catalog"), ("StatefulSet", "match"), ("Deployment", "gateway")} <= kinds
    assert ("Job", "catalog-seed") in kinds


def test_every_environment_variable_of_the_services_is_a_setting() -> None:
    named = {
        "compose": compose_parkmatch_env_names(),
        "Dockerfile": dockerfile_env_names() - PYTHON_RUNTIME,
        "k8s": k8s_parkmatch_env_names(),
    }
    assert all(named.values()), named
    unknown = {where: sorted(names - SETTINGS) for where, names in named.items() if names - SETTINGS}
    assert not unknown, f"not fields of shared.settings.Settings: {unknown}"


def test_compose_variables_are_the_ones_env_example_lists() -> None:
    used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", (DEPLOY / "compose.yaml").read_text()))
    assert used == env_file_names(DEPLOY / "env.example")


def test_deploy_readme_documents_every_setting() -> None:
    readme = (DEPLOY / "README.md").read_text()
    missing = sorted(name for name in SETTINGS if f"`{name}`" not in readme)
    assert not missing, f"deploy/README.md's configuration table lacks {missing}"
