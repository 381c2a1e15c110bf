"""The grammar detector against a local HTTP server that speaks LanguageTool's protocol
(``GET /v2/languages``, ``POST /v2/check`` with form fields, the documented JSON response, offsets
in UTF-16 code units), and against a real server when CLEANUP_LANGUAGETOOL_URL is set."""

from __future__ import annotations

import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from cleanup.checker import Checker
from cleanup.options import Options

RULES = [  # (pattern, rule id, issue type, category, message, replacement)
    (r"\bThis are\b", "THIS_NNS_VB", "grammar", "GRAMMAR", "Did you mean 'This is'?", "This is"),
    (r"\bteh\b", "MORFOLOGIK_RULE_EN_US", "misspelling", "TYPOS", "Possible spelling mistake found.", "the"),
]


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


class FakeLanguageTool(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, obj, status=200):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.rstrip("/") == "/v2/languages":
            self._send([{"name": "English (US)", "code": "en", "longCode": "en-US"}])
        else:
            self._send({"error": "not found"}, 404)

    def do_POST(self):
        if self.path.rstrip("/") != "/v2/check":
            return self._send({"error": "not found"}, 404)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
        FakeLanguageTool.requests.append(form)
        text = form.get("text", "")
        matches = []
        for pattern, rule, issue, category, message, value in RULES:
            for m in re.finditer(pattern, text):
                off, length = _utf16(text, m.start()), _utf16(text, m.end()) - _utf16(text, m.start())
                matches.append({
                    "message": message, "shortMessage": "", "replacements": [{"value": value}],
                    "offset": off, "length": length,
                    "context": {"text": text, "offset": off, "length": length},
                    "sentence": text, "type": {"typeName": "Other"},
                    "rule": {"id": rule, "description": message, "issueType": issue,
                             "category": {"id": category, "name": category}},
                    "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
                })
        self._send({"software": {"name": "LanguageTool", "version": "6.4"},
                    "language": {"name": "English (US)", "code": "en-US"}, "matches": matches})


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLanguageTool)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _grammar(url):
    return Checker(Options(select=("grammar",), languagetool_url=url))


def test_matches_become_findings_and_fixes(server):
    FakeLanguageTool.requests.clear()
    checker = _grammar(server)
    findings = checker.check("This are teh results.")
    assert [(f.rule, f.text, f.best) for f in findings] == [
        ("grammar/THIS_NNS_VB", "This are", "This is"), ("grammar/MORFOLOGIK_RULE_EN_US", "teh", "the")]
    assert FakeLanguageTool.requests[-1]["language"] == "en-US"
    assert checker.fix("This are teh results.").text == "This is the results."


def test_offsets_after_characters_outside_the_bmp(server):
    text = "👍👍 This are fine."
    (f,) = _grammar(server).check(text)
    assert text[f.start:f.end] == "This are" == f.text


def test_protected_regions_are_blanked_before_sending(server):
    FakeLanguageTool.requests.clear()
    text = "Run `teh` here, then read teh notes.\n"
    findings = _grammar(server).check(text, filetype="markdown")
    assert [f.start for f in findings] == [text.rindex("teh")]
    sent = FakeLanguageTool.requests[-1]["text"]
    assert len(sent) == len(text) and sent.count("teh") == 1


def test_cli_enables_grammar_by_flag_or_configuration(run_cli, server, tmp_path):
    r = run_cli(["check", "--grammar", "--languagetool-url", server, "--format", "jsonl"], "This are good.\n")
    assert r.returncode == 1 and json.loads(r.stdout)["rule"] == "grammar/THIS_NNS_VB"
    r = run_cli(["check"], "This are good.\n")
    assert r.returncode == 0  # off unless enabled
    (tmp_path / ".cleanup.toml").write_text(f'grammar = true\nlanguagetool-url = "{server}"\n')
    r = run_cli(["check"], "This are good.\n", cwd=tmp_path)
    assert r.returncode == 1


def test_unreachable_server_is_one_note_and_other_detectors_go_on(run_cli):
    r = run_cli(["check", "--grammar", "--languagetool-url", "http://127.0.0.1:9"],
                "It is one in every of the best.\n", env={"LTP_PATH": "/nonexistent"})
    assert r.returncode == 1 and "phrasebook/spinner-en" in r.stdout.decode()
    err = r.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("cleanup: grammar:") and "Traceback" not in err
    r = run_cli(["check", "--grammar"], "Fine text.\n", env={"LTP_PATH": "/nonexistent",
                                                              "CLEANUP_LANGUAGETOOL_URL": ""})
    assert r.returncode == 0 and "no LanguageTool server" in r.stderr.decode()


@pytest.mark.skipif(not os.environ.get("CLEANUP_LANGUAGETOOL_URL"),
                    reason="set CLEANUP_LANGUAGETOOL_URL to run against a real LanguageTool server")
def test_real_languagetool_server():
    findings = Checker(Options(select=("grammar",))).check("This are a sentence with a eror.")
    assert findings and all(f.rule.startswith("grammar/") for f in findings)
