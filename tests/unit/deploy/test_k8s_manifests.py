"""deploy/k8s: every manifest parses, every reference resolves, and the pods get what the
services need (probes on their paths, hardening, settings that ``Settings.from_env`` accepts,
the topics of ``shared.topics``, an ingress route for every prefix).

The structure checks always run. When a ``kustomize`` binary (PATH, ``$GOPATH/bin``,
``~/go/bin``) or ``kubectl`` is found, base and overlays are also built and the rendered
objects checked again; otherwise the same checks run on a static assembly of each overlay
(its resources, its components' resources and the merged ConfigMap; patches not applied).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from sqlalchemy.engine import make_url

from services.distributed import SERVICES
from services.matching.entrypoints.consumer import GROUP
from services.web import WEB_PREFIXES
from shared.config import Settings
from shared.eventbus.kafka import PARTITIONS
from shared.topics import ALL, ENTITY_TOPICS, dead_letter

REPO = Path(__file__).resolve().parents[3]
K8S = REPO / "deploy" / "k8s"
OVERLAYS = ("base", "overlays/dev", "overlays/production")
COMPONENTS = ("strimzi-kafka", "eck-elasticsearch", "cloudnative-pg")
PORTS = {"employers": 8101, "skills": 8102, "matching": 8103}
CONTAINER_PORT = 8080
UID = 10001
CONFIG_MAP = "jisr-config"
JISR_VAR = "/var/jisr"
KUSTOMIZATION = "kustomization.yaml"

Doc = dict[str, Any]


# -- reading -----------------------------------------------------------------------------------


@functools.cache
def load(path: Path) -> tuple[Doc, ...]:
    """The documents of one YAML file (empty documents dropped)."""
    return tuple(d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d)


def kustomization(directory: Path) -> Doc:
    (doc,) = load(directory / KUSTOMIZATION)
    return doc


def kustomization_dirs() -> list[Path]:
    return sorted(p.parent for p in K8S.rglob(KUSTOMIZATION))


def local(directory: Path, entry: str) -> Path:
    return (directory / entry).resolve()


def resource_files() -> set[Path]:
    """Files some kustomization lists under ``resources``."""
    files = set()
    for directory in kustomization_dirs():
        for entry in kustomization(directory).get("resources", []):
            path = local(directory, entry)
            if path.is_file():
                files.add(path)
    return files


def patch_files() -> set[Path]:
    files = set()
    for directory in kustomization_dirs():
        for patch in kustomization(directory).get("patches", []):
            if "path" in patch:
                files.add(local(directory, patch["path"]))
    return files


def objects(kind: str, under: Path = K8S) -> list[Doc]:
    """Every object of ``kind`` in the resource files under ``under`` (patches excluded)."""
    return [
        doc
        for path in sorted(resource_files())
        if path.is_relative_to(under.resolve())
        for doc in load(path)
        if doc.get("kind") == kind
    ]


def one(kind: str, under: Path = K8S) -> Doc:
    (doc,) = objects(kind, under)
    return doc


def by_name(docs: list[Doc]) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in docs}


def literals(entries: list[str]) -> dict[str, str]:
    return dict(entry.split("=", 1) for entry in entries)


def generator(directory: Path, name: str = CONFIG_MAP) -> Doc:
    (gen,) = [
        g for g in kustomization(directory).get("configMapGenerator", []) if g["name"] == name
    ]
    return gen


def component_config(component: str) -> dict[str, str]:
    gen = generator(K8S / "components" / component)
    assert gen.get("behavior") == "merge", f"{component} must merge into the base ConfigMap"
    return literals(gen["literals"])


# -- a static assembly of an overlay (used when no kustomize binary is found) -------------------


def assemble(directory: Path) -> list[Doc]:
    """Resources of a kustomization and its components, with merged ConfigMap generators."""
    docs: list[Doc] = []
    maps: dict[str, dict[str, str]] = {}

    def walk(d: Path) -> None:
        k = kustomization(d)
        for entry in k.get("resources", []):
            path = local(d, entry)
            if path.is_dir():
                walk(path)
            else:
                docs.extend(load(path))
        for entry in k.get("components", []):
            walk(local(d, entry))
        for gen in k.get("configMapGenerator", []):
            values = literals(gen.get("literals", []))
            if gen.get("behavior") == "merge":
                assert gen["name"] in maps, f"{d}: merges into a ConfigMap nobody generated"
                maps[gen["name"]].update(values)
            else:
                maps[gen["name"]] = values

    walk(directory)
    docs.extend(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n}, "data": data}
        for n, data in maps.items()
    )
    return docs


def kustomize_command() -> list[str] | None:
    """``kustomize build`` (PATH, then $GOPATH/bin or ~/go/bin), else ``kubectl kustomize``."""
    found = shutil.which("kustomize")
    if found:
        return [found, "build"]
    gopath = os.environ.get("GOPATH") or str(Path.home() / "go")
    for root in gopath.split(os.pathsep):
        candidate = Path(root) / "bin" / "kustomize"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate), "build"]
    kubectl = shutil.which("kubectl")
    return [kubectl, "kustomize"] if kubectl else None


@functools.cache
def render(overlay: str) -> tuple[str, tuple[Doc, ...]]:
    """(how it was rendered, the objects) of an overlay."""
    command = kustomize_command()
    if command is None:
        return "static", tuple(assemble(K8S / overlay))
    done = subprocess.run(
        [*command, str(K8S / overlay)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)} {overlay} failed:\n{done.stderr}"
    return command[0], tuple(d for d in yaml.safe_load_all(done.stdout) if d)


# -- checks shared by the source and the rendered objects --------------------------------------


def quantity(value: str | int) -> float:
    """A Kubernetes quantity (``512Mi``, ``1Gi``, ``250m``, ``2``) as a number."""
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "m": 1e-3, "k": 1e3, "M": 1e6}
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(value))
    assert match, f"not a quantity: {value!r}"
    return float(match[1]) * units.get(match[2], 1)


def main_container(deployment: Doc) -> Doc:
    name = deployment["metadata"]["name"]
    containers = deployment["spec"]["template"]["spec"]["containers"]
    (container,) = [c for c in containers if c["name"] == name]
    return container


def check_deployment(deployment: Doc) -> None:
    """Probes, resources, image, command and the restrictive security context."""
    service = deployment["metadata"]["name"]
    assert service in SERVICES, f"unexpected Deployment {service}"
    pod = deployment["spec"]["template"]["spec"]
    container = main_container(deployment)

    assert container.get("image"), f"{service}: no image"
    command = container.get("command", []) + container.get("args", [])
    assert f'services.distributed:create("{service}")' in command
    assert command[command.index("--bind") + 1] == f"0.0.0.0:{CONTAINER_PORT}"
    config = command[command.index("--config") + 1]
    assert config == "/app/deploy/gunicorn.conf.py"
    assert (REPO / "deploy" / "gunicorn.conf.py").is_file()

    ports = {p.get("name"): p["containerPort"] for p in container["ports"]}
    assert ports.get("http") == CONTAINER_PORT
    expected = {
        "readinessProbe": f"/{service}/readyz",
        "livenessProbe": f"/{service}/healthz",
        "startupProbe": f"/{service}/healthz",
    }
    for probe, path in expected.items():
        get = container[probe]["httpGet"]
        assert get["path"] == path, f"{service} {probe}"
        port = get["port"]
        assert ports.get(port, port) == CONTAINER_PORT, f"{service} {probe} port {port}"
    startup = container["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 60, "taxonomy load ~10 s"

    resources = container["resources"]
    for part in ("requests", "limits"):
        for what in ("cpu", "memory"):
            assert what in resources.get(part, {}), f"{service}: no {part}.{what}"
    for what in ("cpu", "memory"):
        assert quantity(resources["requests"][what]) <= quantity(resources["limits"][what])

    assert pod.get("automountServiceAccountToken") is False
    pod_sc = pod["securityContext"]
    assert pod_sc["runAsNonRoot"] is True
    assert pod_sc["runAsUser"] == UID
    assert pod_sc["seccompProfile"]["type"] == "RuntimeDefault"
    sc = container["securityContext"]
    assert sc["runAsNonRoot"] is True
    assert sc["runAsUser"] == UID
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"]["drop"] == ["ALL"]
    assert sc["seccompProfile"]["type"] == "RuntimeDefault"
    assert not sc.get("privileged", False)

    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    for path in (JISR_VAR, "/tmp"):
        assert path in mounts, f"{service}: {path} not writable (read-only root)"
        assert "emptyDir" in volumes[mounts[path]]


def check_services_select(docs: list[Doc]) -> None:
    """Each Service selects the pods of the Deployment of its name, on port ``http``."""
    deployments = by_name([d for d in docs if d["kind"] == "Deployment"])
    services = by_name([d for d in docs if d["kind"] == "Service"])
    assert set(services) == set(SERVICES) == set(deployments)
    for name, service in services.items():
        selector = service["spec"]["selector"]
        selecting = [
            d
            for d, dep in deployments.items()
            if selector.items() <= dep["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert selecting == [name], f"Service {name} selects {selecting}"
        match_labels = deployments[name]["spec"]["selector"]["matchLabels"]
        assert (
            match_labels.items()
            <= deployments[name]["spec"]["template"]["metadata"]["labels"].items()
        )
        (port,) = service["spec"]["ports"]
        assert (port["name"], port["port"]) == ("http", PORTS[name])
        assert port["targetPort"] in ("http", CONTAINER_PORT)


def secret_value(name: str, key: str) -> str:
    """A stand-in for a secret's value: URL-safe, long enough, never a default key."""
    return re.sub(r"\W", "", f"{name}{key}") + "0123456789abcdef"


def pod_env(deployment: Doc, config_maps: dict[str, dict[str, str]]) -> dict[str, str]:
    """The environment the kubelet gives the container (envFrom, then env with $(VAR))."""
    container = main_container(deployment)
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]])
        else:
            ref = source["secretRef"]["name"]
            assert ref == "jisr-secrets"
            for key in ("JISR_SIGNING_KEYS", "JISR_PII_KEYS", "JISR_ADMIN_TOKEN"):
                env[key] = secret_value(ref, key)
    for var in container.get("env", []):
        if "valueFrom" in var:
            ref = var["valueFrom"]["secretKeyRef"]
            env[var["name"]] = secret_value(ref["name"], ref["key"])
            continue
        used = re.findall(r"\$\((\w+)\)", var["value"])
        missing = [u for u in used if u not in env]
        assert not missing, f"{var['name']} uses {missing} before they are defined"
        env[var["name"]] = re.sub(r"\$\((\w+)\)", lambda m: env[m[1]], var["value"])
    return env


def check_settings(docs: list[Doc]) -> None:
    """Each pod's environment passes ``Settings.from_env`` as a production pod."""
    config_maps = {d["metadata"]["name"]: d["data"] for d in docs if d["kind"] == "ConfigMap"}
    for deployment in (d for d in docs if d["kind"] == "Deployment"):
        service = deployment["metadata"]["name"]
        env = pod_env(deployment, config_maps)
        settings = Settings.from_env(env)  # raises SettingsError if a pod would refuse to start
        assert (settings.mode, settings.host) == ("production", "0.0.0.0")
        assert (settings.event_bus, settings.search_backend) == ("kafka", "elasticsearch")
        assert str(settings.var_dir) == JISR_VAR
        store, auth = make_url(settings.db_url(service)), make_url(settings.auth_db_url())
        for url, database in ((store, f"jisr_{service}"), (auth, "jisr_auth")):
            assert url.drivername == "postgresql+psycopg"
            assert url.database == database
            assert url.host == env["DB_HOST"]
            assert "sslmode" in url.query
        assert store.username == secret_value(f"jisr-db-{service}", "username")
        assert auth.username == secret_value("jisr-db-auth", "username")
        assert settings.kafka_topic_prefix == "jisr", "the KafkaTopic names assume it"
        if service == "matching":
            es = urlsplit(settings.es_url)
            assert (es.scheme, es.hostname, str(es.port)) == (
                env["ES_SCHEME"],
                env["ES_HOST"],
                env["ES_PORT"],
            )
            assert es.username == env["ES_USER"]


# -- kustomizations ----------------------------------------------------------------------------


def test_every_kustomization_reference_exists() -> None:
    dirs = kustomization_dirs()
    assert {d.relative_to(K8S).as_posix() for d in dirs} >= {
        *OVERLAYS,
        *(f"components/{c}" for c in COMPONENTS),
    }
    for directory in dirs:
        k = kustomization(directory)
        for entry in k.get("resources", []):
            path = local(directory, entry)
            assert path.exists(), f"{directory}: resource {entry} missing"
            if path.is_dir():
                assert (path / KUSTOMIZATION).is_file(), f"{directory}: {entry} is no kustomization"
                assert kustomization(path)["kind"] == "Kustomization"
        for entry in k.get("components", []):
            path = local(directory, entry)
            assert (path / KUSTOMIZATION).is_file(), f"{directory}: component {entry} missing"
            assert kustomization(path)["kind"] == "Component"
        for patch in k.get("patches", []):
            assert "path" in patch or "patch" in patch
            if "path" in patch:
                assert local(directory, patch["path"]).is_file(), f"{directory}: patch missing"


def test_overlays_build_on_base_and_every_component() -> None:
    for overlay in ("dev", "production"):
        k = kustomization(K8S / "overlays" / overlay)
        assert k["resources"] == ["../../base"]
        assert k["components"] == [f"../../components/{c}" for c in COMPONENTS]
        assert k["namespace"] == kustomization(K8S / "base")["namespace"] == "jisr"


def test_every_yaml_file_is_used() -> None:
    used = resource_files() | patch_files() | {d / KUSTOMIZATION for d in kustomization_dirs()}
    for path in K8S.rglob("*.yaml"):
        assert path.resolve() in used, f"{path.relative_to(K8S)} is not referenced"
        load(path)  # parses


def test_no_secret_values_in_the_repository() -> None:
    assert not objects("Secret"), "secrets are referenced, never committed"
    for directory in kustomization_dirs():
        assert "secretGenerator" not in kustomization(directory), directory


# -- the services ------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_deployment_of_each_service(service: str) -> None:
    deployments = by_name(objects("Deployment"))
    assert set(deployments) == set(SERVICES)
    check_deployment(deployments[service])
    env = main_container(deployments[service])["env"]
    refs = {v["valueFrom"]["secretKeyRef"]["name"] for v in env if "valueFrom" in v}
    assert {f"jisr-db-{service}", "jisr-db-auth"} <= refs


def test_services_select_their_deployments() -> None:
    base = K8S / "base"
    check_services_select(objects("Deployment", base) + objects("Service", base))


def test_matching_has_the_most_memory_a_budget_and_spread() -> None:
    deployments = by_name(objects("Deployment"))

    def memory(name: str) -> float:
        return quantity(main_container(deployments[name])["resources"]["limits"]["memory"])

    assert all(memory("matching") > memory(s) for s in SERVICES if s != "matching")
    assert memory("matching") >= 2**30  # the ESCO taxonomy alone takes about 0.6 GiB
    budgets = {
        b["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]: b
        for b in objects("PodDisruptionBudget")
    }
    assert "matching" in budgets
    spread = deployments["matching"]["spec"]["template"]["spec"]["topologySpreadConstraints"]
    assert "kubernetes.io/hostname" in {c["topologyKey"] for c in spread}
    for constraint in spread:
        assert constraint["labelSelector"]["matchLabels"] == {"app.kubernetes.io/name": "matching"}


def test_config_map_is_a_production_pod_setup() -> None:
    base = literals(generator(K8S / "base")["literals"])
    assert base["JISR_MODE"] == "production"
    assert base["JISR_HOST"] == "0.0.0.0"
    assert base["PORT"] == str(CONTAINER_PORT)
    assert base["JISR_VAR"] == JISR_VAR
    assert (base["EVENT_BUS"], base["SEARCH_BACKEND"]) == ("kafka", "elasticsearch")
    for name in ("JISR_SIGNING_KEYS", "JISR_PII_KEYS", "JISR_ADMIN_TOKEN", "DATABASE_URL"):
        assert name not in base, f"{name} holds a secret: it comes from a Secret"


def test_ingress_routes_every_prefix() -> None:
    ingress = one("Ingress")
    services = by_name(objects("Service"))
    routes: dict[str, str] = {}
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert path["pathType"] == "Prefix"
            backend = path["backend"]["service"]
            ports = {p["name"] for p in services[backend["name"]]["spec"]["ports"]}
            assert backend["port"]["name"] in ports
            routes[path["path"]] = backend["name"]
    expected = {s: s for s in SERVICES} | dict.fromkeys(WEB_PREFIXES, "matching")
    assert routes.pop("/auth") in SERVICES
    assert routes == {f"/{prefix}": name for prefix, name in expected.items()}


def test_dockerfile_runs_as_the_pods_user() -> None:
    text = (K8S / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in text
    assert f"USER {UID}:{UID}" in text
    assert "COPY deploy/gunicorn.conf.py" in text
    assert "[dev]" not in text


# -- the operators' clusters -------------------------------------------------------------------


def test_kafka_topics_are_the_topics_of_shared_topics() -> None:
    component = K8S / "components" / "strimzi-kafka"
    topics = objects("KafkaTopic", component)
    names = [t["spec"].get("topicName", t["metadata"]["name"]) for t in topics]
    assert len(names) == len(set(names))
    assert set(names) == set(ALL) | {dead_letter(GROUP)}
    kafka = one("Kafka", component)
    for topic in topics:
        name, spec = topic["spec"]["topicName"], topic["spec"]
        assert topic["apiVersion"] == "kafka.strimzi.io/v1"
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
        assert spec["partitions"] == PARTITIONS
        policy = spec["config"]["cleanup.policy"]
        assert (policy == "compact") == (name in ENTITY_TOPICS), name


def test_kafka_cluster_is_kraft_and_the_config_points_at_it() -> None:
    component = K8S / "components" / "strimzi-kafka"
    kafka = one("Kafka", component)
    name = kafka["metadata"]["name"]
    (pool,) = objects("KafkaNodePool", component)
    assert pool["metadata"]["labels"]["strimzi.io/cluster"] == name
    assert set(pool["spec"]["roles"]) == {"controller", "broker"}
    assert "zookeeper" not in kafka["spec"]
    assert kafka["spec"]["kafka"]["config"]["auto.create.topics.enable"] is False
    (listener,) = [x for x in kafka["spec"]["kafka"]["listeners"] if not x["tls"]]
    assert component_config("strimzi-kafka")["KAFKA_BOOTSTRAP"] == (
        f"{name}-kafka-bootstrap:{listener['port']}"
    )


def test_elasticsearch_is_8_19_and_the_config_points_at_it() -> None:
    component = K8S / "components" / "eck-elasticsearch"
    es = one("Elasticsearch", component)
    assert es["apiVersion"] == "elasticsearch.k8s.elastic.co/v1"
    assert str(es["spec"]["version"]).startswith("8.19.")  # the client is elasticsearch<9
    assert len(es["spec"]["nodeSets"]) == 1
    name = es["metadata"]["name"]
    config = component_config("eck-elasticsearch")
    assert config["ES_HOST"] == f"{name}-es-http"
    tls_off = es["spec"]["http"]["tls"]["selfSignedCertificate"]["disabled"]
    assert config["ES_SCHEME"] == ("http" if tls_off else "https")
    (patch,) = load(component / "matching-credentials.yaml")
    (env,) = main_container(patch)["env"]
    assert env["name"] == "ES_PASSWORD"
    assert env["valueFrom"]["secretKeyRef"]["name"] == f"{name}-es-elastic-user"


def test_postgres_has_a_database_and_a_role_per_store() -> None:
    component = K8S / "components" / "cloudnative-pg"
    cluster = one("Cluster", component)
    name = cluster["metadata"]["name"]
    initdb = cluster["spec"]["bootstrap"]["initdb"]
    roles = {r["name"]: r for r in cluster["spec"]["managed"]["roles"]}
    secrets = {initdb["owner"]: initdb["secret"]["name"]} | {
        r: spec["passwordSecret"]["name"] for r, spec in roles.items()
    }
    databases = {initdb["database"]: initdb["owner"]}
    for database in objects("Database", component):
        assert database["spec"]["cluster"]["name"] == name
        databases[database["spec"]["name"]] = database["spec"]["owner"]
    stores = ("auth", *SERVICES)
    assert databases == {f"jisr_{s}": f"jisr_{s}" for s in stores}
    assert secrets == {f"jisr_{s}": f"jisr-db-{s}" for s in stores}
    config = component_config("cloudnative-pg")
    assert config["DB_HOST"] == f"{name}-rw"


# -- rendered overlays ---------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_pods_that_would_start(overlay: str) -> None:
    how, docs = render(overlay)
    docs_list = list(docs)
    deployments = [d for d in docs_list if d["kind"] == "Deployment"]
    assert {d["metadata"]["name"] for d in deployments} == set(SERVICES), how
    for deployment in deployments:
        check_deployment(deployment)
    check_services_select(docs_list)
    check_settings(docs_list)
    if how != "static":  # kustomize applied the namespace and the patches
        for doc in docs_list:
            if doc["kind"] != "Namespace":
                assert doc["metadata"].get("namespace") == "jisr", doc["metadata"]["name"]
    if overlay != "base":
        topics = {d["spec"]["topicName"] for d in docs_list if d["kind"] == "KafkaTopic"}
        assert topics == set(ALL) | {dead_letter(GROUP)}
        kinds = {d["kind"] for d in docs_list}
        assert {"Kafka", "KafkaNodePool", "Elasticsearch", "Cluster", "Database"} <= kinds


def test_production_overlay_scales_matching_out() -> None:
    how, docs = render("overlays/production")
    if how == "static":
        replicas = {
            r["name"]: r["count"] for r in kustomization(K8S / "overlays/production")["replicas"]
        }
    else:
        replicas = {
            d["metadata"]["name"]: d["spec"]["replicas"] for d in docs if d["kind"] == "Deployment"
        }
    assert replicas["matching"] >= 2
