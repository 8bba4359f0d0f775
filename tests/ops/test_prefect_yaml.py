"""config/prefect.yaml declares the same nightly deployment that `coder-screen serve` serves."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml

from pipelines.settings.base import load_model
from pipelines.settings.runtime import RuntimeConfig

REPO = Path(__file__).resolve().parents[2]


def test_prefect_yaml_matches_runtime_toml():
    night = load_model(REPO / "config" / "runtime.toml", RuntimeConfig).nightly
    declared = yaml.safe_load((REPO / "config" / "prefect.yaml").read_text())["deployments"]

    (result,) = [d for d in declared if d["name"] == night.deployment_name]

    assert result["schedules"] == [{"cron": night.cron, "timezone": night.timezone, "active": True}]
    assert result["concurrency_limit"]["limit"] == night.deployment_concurrency
    assert result["parameters"]["environment_name"] == night.environment


def test_the_entrypoint_names_the_nightly_flow():
    declared = yaml.safe_load((REPO / "config" / "prefect.yaml").read_text())["deployments"][0]
    path, name = declared["entrypoint"].split(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))

    result = getattr(module, name)

    assert result.name == "nightly"
    assert "environment_name" in result.parameters.properties


def test_the_pool_deployment_is_the_one_the_nightly_run_submits_to():
    pool = load_model(REPO / "config" / "runtime.toml", RuntimeConfig).nightly.pool
    flow_name, deployment_name = pool.deployment.split("/")
    declared = yaml.safe_load((REPO / "config" / "prefect.yaml").read_text())["deployments"]

    (result,) = [d for d in declared if d["name"] == deployment_name]
    path, name = result["entrypoint"].split(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))

    assert getattr(module, name).name == flow_name
    assert "schedules" not in result
    assert result["work_pool"]["work_queue_name"] != declared[0]["work_pool"]["work_queue_name"]
