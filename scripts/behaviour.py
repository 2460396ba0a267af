"""The behaviour check of `scripts/corpus --serve`: serve each generated
crate with every handler answering 501, drive it with schemathesis, and count
what the contract says should not happen.

Per spec it writes a small binary crate (`serve-<name>`, from
`tests/conformance/serve_main.rs.txt`) beside the generated one, builds them
all in the corpus workspace, then for each: starts the server, runs
schemathesis (examples, coverage and fuzzing phases; the checks
`not_a_server_error`, `negative_data_rejection`, `positive_data_acceptance`;
fixed seed) against the document, and reads its JSON report.

A 501 is the handler being reached: for valid data that is acceptance, for
invalid data it is a false accept. Failures the document itself causes are
listed with a reason in `tests/conformance/corpus.toml`. Counted apart, not
as failures, and printed in the summary: a key reused for another body
(422, as DESIGN.md says), a request another `#fragment` twin accepted, an
invalid request refused for its size (413/414/431) before decoding, and a
"valid" case one of whose parts schemathesis generated invalid.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tests" / "conformance" / "corpus.toml"
SERVE_MAIN = ROOT / "tests" / "conformance" / "serve_main.rs.txt"

# What each check means here, and the name printed for it.
CHECKS = {
    "not_a_server_error": "5xx",
    "positive_data_acceptance": "false-reject",
    "negative_data_rejection": "false-accept",
}


def serve_crate(out, crate, spec_path):
    """Writes `serve-<crate>` beside the generated crate; returns its directory name."""
    name = f"serve-{crate.removeprefix('corpus-')}"
    directory = out / name
    (directory / "src").mkdir(parents=True, exist_ok=True)
    scopes = sorted(all_scopes(load(spec_path)))
    main = SERVE_MAIN.read_text().replace("{crate}", crate.replace("-", "_")).replace(
        "{scopes}", ", ".join(json.dumps(s) for s in scopes) or "\"\"; 0")
    write_if_changed(directory / "src" / "main.rs", main)
    runtime = ROOT / "runtime"
    write_if_changed(directory / "Cargo.toml", f"""[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{crate} = {{ path = "../{crate}", features = ["server"] }}
specforge-runtime = {{ path = "{runtime}", features = ["server"] }}
tokio = {{ version = "1", features = ["macros", "net", "rt"] }}
""")
    return name


def write_if_changed(path, text):
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def load(spec_path):
    text = spec_path.read_text()
    if text.lstrip().startswith("{"):
        return json.loads(text)
    import yaml  # PyYAML comes with schemathesis

    class JsonLikeLoader(yaml.SafeLoader):
        """Reads dates and times as the strings JSON Schema sees (and the
        generator reads), not as Python datetimes."""

    JsonLikeLoader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml.load(text, Loader=JsonLikeLoader)


def all_scopes(doc):
    """Every scope any security requirement of the document names."""
    requirements = list(doc.get("security") or [])
    for item in (doc.get("paths") or {}).values():
        if isinstance(item, dict):
            for op in item.values():
                if isinstance(op, dict):
                    requirements.extend(op.get("security") or [])
    scopes = set()
    for requirement in requirements:
        if isinstance(requirement, dict):
            for values in requirement.values():
                scopes.update(v for v in values or [] if isinstance(v, str))
    return scopes


def credential_headers(doc):
    """Headers carrying a credential for every scheme that travels in a header."""
    headers = {}
    schemes = ((doc.get("components") or {}).get("securitySchemes") or {}).values()
    for scheme in schemes:
        if not isinstance(scheme, dict):
            continue
        kind = scheme.get("type")
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            headers.setdefault("Authorization", "Basic dXNlcjpwYXNzd29yZA==")
        elif kind in ("http", "oauth2", "openIdConnect"):
            headers.setdefault("Authorization", "Bearer behaviour-check")
        elif kind == "apiKey" and scheme.get("in") == "header" and scheme.get("name"):
            headers.setdefault(scheme["name"], "behaviour-check")
    return headers


def build(out, serve_crates, env):
    """Builds every serve binary; returns the set that built."""
    cmd = ["cargo", "build", "--keep-going", "--message-format", "short"]
    for crate in serve_crates:
        cmd += ["-p", crate]
    # Debug info would be most of each binary's size, and nobody debugs these.
    proc = subprocess.run(cmd, cwd=out, env=dict(env, CARGO_INCREMENTAL="0", CARGO_PROFILE_DEV_DEBUG="0"),
                          capture_output=True, text=True)
    failed = set(re.findall(r"could not compile `([^`]+)`", proc.stderr))
    if proc.returncode != 0:
        errors = [l for l in proc.stderr.splitlines() if ": error" in l or l.startswith("error")]
        print("\n".join(errors)[-3000:], file=sys.stderr)
    target = Path(env["CARGO_TARGET_DIR"]) / "debug"
    return {c for c in serve_crates if (target / c).exists() and c not in failed
            and not any(f.startswith(c.removeprefix("serve-")) for f in failed)}


def exclusions():
    """(spec, operation label, check) → reason, from tests/conformance/corpus.toml."""
    if not CONFIG.exists():
        return {}
    entries = tomllib.loads(CONFIG.read_text()).get("exclude", [])
    return {(e["spec"], e["operation"], e["check"]): e["reason"] for e in entries}


def run_one(binary, spec_path, settings, excluded, verbose):
    """Serves one crate and runs schemathesis on it; returns its figures."""
    server = subprocess.Popen([str(binary)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    figures = {"operations": 0, "cases": 0, "panic": False, "failures": {}, "excluded": 0,
               "by-design": 0, "twins": 0, "limits": 0, "invalid-parts": 0}
    try:
        line = server.stdout.readline()
        match = re.search(r"listening on (\S+)", line)
        if not match:
            figures["panic"] = True
            figures["startup"] = (line + server.stderr.read())[-600:]
            return figures
        base = f"http://{match.group(1)}"
        doc = load(spec_path)
        with tempfile.TemporaryDirectory() as reports:
            config = Path(reports) / "schemathesis.toml"
            config.write_text(schemathesis_config(doc, settings))
            cmd = ["schemathesis", "--config-file", str(config), "run", str(spec_path), "--url", base,
                   "--checks", ",".join(CHECKS), "--phases", "examples,coverage,fuzzing",
                   "--report", "ndjson", "--report-dir", reports, "--no-color", "--workers", "1"]
            # Run where its crash cache (`.schemathesis/`) is thrown away with the reports.
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=settings["timeout"],
                                      cwd=reports)
                output = proc.stdout + proc.stderr
            except subprocess.TimeoutExpired:
                # What it reported before the limit still counts; the line says it stopped.
                output = f"stopped after {settings['timeout']} s"
                figures["error"] = output
            if verbose:
                print(output[-6000:])
            events = Path(reports) / next((p for p in os.listdir(reports) if p.endswith(".ndjson")), "missing")
            if events.exists():
                read_events(events, figures, spec_path.name, excluded, operation_ids(doc))
            else:
                figures["error"] = output[-800:]
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    return figures


def schemathesis_config(doc, settings):
    """Expected statuses with 501 read as 'the handler was reached'."""
    headers = credential_headers(doc)
    header_lines = ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in headers.items())
    return f"""seed = {settings['seed']}
{"headers = { " + header_lines + " }" if headers else ""}

[generation]
max-examples = {settings['max_examples']}

[checks.not_a_server_error]
expected-statuses = ["2xx", "3xx", "4xx", "501"]

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "406", "409", "429", "501"]

[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
"""


def read_events(path, figures, spec_name, excluded, operation_ids):
    """Counts operations, cases and distinct failures per check from the NDJSON events."""
    labels = set()
    # Line by line: a spec with large bodies writes gigabytes of events.
    with path.open(encoding="utf-8", errors="replace") as events:
        scenarios = (line for line in events if '"ScenarioFinished"' in line[:64])
        for line in scenarios:
            read_scenario(line, figures, labels, spec_name, excluded, operation_ids)
    figures["operations"] = len(labels)


def read_scenario(line, figures, labels, spec_name, excluded, operation_ids):
    """Adds one finished scenario's cases and failures to the figures."""
    try:
        body = json.loads(line)["ScenarioFinished"]
    except (json.JSONDecodeError, KeyError, TypeError):
        return
    recorder = body.get("recorder") or {}
    label = recorder.get("label") or ""
    labels.add(label)
    figures["cases"] += len(recorder.get("cases") or {})
    for case_id, check_list in (recorder.get("checks") or {}).items():
        for check in check_list:
            if check.get("status") != "failure" or check.get("name") not in CHECKS:
                continue
            failure = (check.get("failure_info") or {}).get("failure") or {}
            operation = failure.get("operation") or label
            if (spec_name, operation, check["name"]) in excluded:
                figures["excluded"] += 1
                continue
            if by_design(recorder, case_id):
                figures["by-design"] += 1
                continue
            if check["name"] == "positive_data_acceptance" and has_invalid_part(recorder, case_id):
                figures["invalid-parts"] += 1
                continue
            if check["name"] == "negative_data_rejection" and refused_by_limit(recorder, case_id):
                figures["limits"] += 1
                continue
            if check["name"] == "negative_data_rejection" and answered_by_twin(
                    recorder, case_id, operation_ids.get(operation)):
                figures["twins"] += 1
                continue
            message = " ".join((failure.get("message") or failure.get("title") or "").split())
            distinct = (operation, check["name"], message[:200])
            figures["failures"].setdefault(check["name"], {}).setdefault(
                distinct, check_detail(recorder, case_id))


def operation_ids(doc):
    """Schemathesis's operation labels (`PUT /files/{id}#add`) → operationIds."""
    ids = {}
    for path, item in (doc.get("paths") or {}).items():
        for method, op in (item or {}).items():
            if isinstance(op, dict) and op.get("operationId"):
                ids[f"{method.upper()} {path}"] = op["operationId"]
    return ids


def answered_by_twin(recorder, case_id, operation_id):
    """A request invalid for one operation that the server gave to another
    on the same method and path (a `#fragment` twin) whose contract it
    meets: the document declares both, so neither answer is wrong. The 501
    of every handler names the operation that was reached."""
    response = ((recorder.get("interactions") or {}).get(case_id) or {}).get("response") or {}
    if response.get("status_code") != 501 or not operation_id:
        return False
    reached = re.search(r"`([^`]+)` is not implemented", text_of(response.get("content")))
    return bool(reached) and reached.group(1) != operation_id


def has_invalid_part(recorder, case_id):
    """A case schemathesis calls valid although one of its parts (the body,
    say) was generated invalid: its coverage phase varies one parameter
    over valid values while keeping another part's invalid template (`0`
    for an object body). Refusing it is right."""
    case = ((recorder.get("cases") or {}).get(case_id) or {}).get("value") or {}
    components = (case.get("meta") or {}).get("components") or {}
    return any((part or {}).get("mode") == "negative" for part in components.values())


def refused_by_limit(recorder, case_id):
    """An invalid request refused for its size before it was decoded: a
    request head past the server's limit (431, or 414 for the URL) or a body
    past it (413). schemathesis sends the longest string a `maxLength`
    allows plus one, which for some documents (`maxLength: 152133` on a
    path segment) is longer than any request head a server reads."""
    response = ((recorder.get("interactions") or {}).get(case_id) or {}).get("response") or {}
    return response.get("status_code") in (413, 414, 431)


def by_design(recorder, case_id):
    """A valid request refused as DESIGN.md says it must be: schemathesis
    sends the spec's one example `Idempotency-Key` with different bodies,
    and a key reused for a different request is a 422."""
    response = ((recorder.get("interactions") or {}).get(case_id) or {}).get("response") or {}
    return (response.get("status_code") == 422
            and '"code":"idempotency_key_reused"' in text_of(response.get("content")))


def check_detail(recorder, case_id):
    """The request and answer behind a failed check, for the listing."""
    interaction = (recorder.get("interactions") or {}).get(case_id) or {}
    request = interaction.get("request") or {}
    response = interaction.get("response") or {}
    answer = text_of(response.get("content"))
    try:
        # A problem: its field errors say why, shorter than the whole body.
        problem = json.loads(answer)
        answer = json.dumps(problem.get("errors") or problem.get("detail") or problem)
    except (ValueError, AttributeError):
        pass
    return {
        "request": f"{request.get('method', '')} {request.get('uri', '')}"[:300],
        "body": text_of(request.get("body"))[:300],
        "status": response.get("status_code"),
        "answer": answer[:400],
    }


def text_of(payload):
    if isinstance(payload, dict) and "$base64" in payload:
        import base64
        return base64.b64decode(payload["$base64"]).decode("utf-8", "replace")
    return payload if isinstance(payload, str) else ""


def serve_all(out, specs_by_crate, env, settings, only_failures=False, verbose=False):
    """Builds and drives every crate; prints a line per spec and the summary line."""
    # A document without operations (webhooks only) has no server to serve.
    served = {crate: spec for crate, spec in specs_by_crate.items()
              if (out / crate / "src" / "server.rs").exists()}
    for crate in sorted(set(specs_by_crate) - set(served)):
        print(f"serve    {specs_by_crate[crate].name:<34} no operations: nothing to serve")
    serve_crates = {serve_crate(out, crate, spec): (crate, spec) for crate, spec in served.items()}
    members = sorted(set(specs_by_crate) | set(serve_crates))
    (out / "Cargo.toml").write_text(
        "[workspace]\nresolver = \"3\"\nmembers = [\n" + "".join(f'    "{m}",\n' for m in members) + "]\n")
    built = build(out, list(serve_crates), env)
    excluded = exclusions()
    totals = {"specs": 0, "panics": 0, "unexercised": 0, "5xx": 0, "false-reject": 0, "false-accept": 0, "cases": 0,
              "excluded": 0, "by-design": 0, "twins": 0, "limits": 0, "invalid-parts": 0}
    target = Path(env["CARGO_TARGET_DIR"]) / "debug"
    for name, (crate, spec) in sorted(serve_crates.items(), key=lambda kv: kv[1][1].name):
        totals["specs"] += 1
        if name not in built:
            print(f"serve    {spec.name:<34} BUILD FAILED")
            totals["panics"] += 1
            continue
        start = time.perf_counter()
        figures = run_one(target / name, spec, settings, excluded, verbose)
        seconds = time.perf_counter() - start
        if figures["panic"]:
            totals["panics"] += 1
            print(f"serve    {spec.name:<34} ROUTER PANIC: {figures.get('startup', '').strip()}")
            continue
        if figures["cases"] == 0:
            # Schemathesis ran nothing (it failed to start, or could not write its
            # report): nothing was checked, which is not a pass.
            totals["unexercised"] += 1
            reason = figures.get("error", "no test case was run").strip()[-300:]
            print(f"serve    {spec.name:<34} NOT EXERCISED: {reason}", flush=True)
            continue
        counts = {label: len(figures["failures"].get(check, {})) for check, label in CHECKS.items()}
        for label, n in counts.items():
            totals[label] += n
        totals["cases"] += figures["cases"]
        totals["excluded"] += figures["excluded"]
        totals["by-design"] += figures["by-design"]
        totals["twins"] += figures["twins"]
        totals["limits"] += figures["limits"]
        totals["invalid-parts"] += figures["invalid-parts"]
        error = f"  schemathesis: {figures['error'].strip()[-300:]}" if "error" in figures else ""
        print(f"serve    {spec.name:<34} ops {figures['operations']:>4}  cases {figures['cases']:>6}  "
              f"5xx {counts['5xx']:>3}  false-reject {counts['false-reject']:>3}  "
              f"false-accept {counts['false-accept']:>3}  ({seconds:.0f} s){error}", flush=True)
        for check, failures in figures["failures"].items():
            for (label, _, message), detail in failures.items():
                print(f"    {CHECKS[check]:<12} {label}: {message}")
                print(f"        {detail['request']} {detail['body']!r} → {detail['status']} {detail['answer']}")
    print(f"behaviour: specs {totals['specs']}, router panics {totals['panics']}, "
          f"not exercised {totals['unexercised']}, 5xx {totals['5xx']}, "
          f"false-reject {totals['false-reject']}, false-accept {totals['false-accept']} "
          f"(cases {totals['cases']}, excluded by tests/conformance/corpus.toml {totals['excluded']}, "
          f"idempotency keys reused for another body {totals['by-design']}, "
          f"accepted by a #fragment twin {totals['twins']}, "
          f"refused by a size limit before decoding {totals['limits']}, "
          f"valid cases with a part generated invalid {totals['invalid-parts']})")
    bad = totals["panics"] + totals["unexercised"] + totals["5xx"] + totals["false-reject"] + totals["false-accept"]
    return totals, bad
