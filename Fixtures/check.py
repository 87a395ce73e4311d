#!/usr/bin/env python3
"""Validates Fixtures/: manifest paths, strict JSON, SSE/NDJSON framing, expect values,
stream/plain agreement, model placement, and that every corrupt file fails the way it says.
Exit status 0 when everything holds; prints one line per problem otherwise."""
import base64, json, os, re, struct, sys, zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
problems = []
# Why a `pending` exchange is not yet among `exchanges` (README.md).
BLOCKERS = {"aws_eventstream", "json_array_stream", "log_generator", "endpoint_templating", "typed_content_matching"}


def fail(where, msg):
    problems.append("%s: %s" % (where, msg))


def strict_loads(b):
    """json.loads, but NaN/Infinity rejected and bytes must be UTF-8 without BOM."""
    if isinstance(b, bytes):
        b = b.decode("utf-8")  # raises on invalid UTF-8
    def bad_const(c):
        raise ValueError("non-standard constant " + c)
    return json.loads(b, parse_constant=bad_const)


def read(rel):
    with open(os.path.join(ROOT, rel), "rb") as f:
        return f.read()


def sse_events(raw, where, crlf_expected):
    text = raw.decode("utf-8")
    has_crlf = "\r\n" in text
    bare_lf = re.search(r"(?<!\r)\n", text) is not None
    if crlf_expected and (bare_lf or not has_crlf):
        fail(where, "line_endings crlf declared but file has bare LF")
    if not crlf_expected and has_crlf:
        fail(where, "CRLF found but line_endings not declared")
    text = text.replace("\r\n", "\n")
    if not text.endswith("\n\n"):
        fail(where, "SSE body does not end with a blank line")
    events, comments = [], 0
    for block in text.split("\n\n"):
        if not block:
            continue
        name, data = None, []
        for line in block.split("\n"):
            if line.startswith(":"):
                comments += 1
            elif line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip(" ") if line[5:6] == " " else line[5:])
            elif line:
                fail(where, "unexpected SSE line %r" % line[:40])
        if not data:
            continue
        payload = "\n".join(data)
        if payload == "[DONE]":
            events.append((name, "[DONE]"))
            continue
        try:
            obj = strict_loads(payload)
        except Exception as e:
            fail(where, "SSE data does not parse: %s" % e)
            continue
        if name and isinstance(obj, dict) and obj.get("type") not in (None, name):
            fail(where, "event name %s disagrees with type %s" % (name, obj.get("type")))
        events.append((name, obj))
    return events, comments


def ndjson_lines(raw, where):
    out = []
    for i, line in enumerate(raw.decode("utf-8").split("\n")):
        if not line:
            continue
        try:
            out.append(strict_loads(line))
        except Exception as e:
            fail(where, "NDJSON line %d does not parse: %s" % (i + 1, e))
    return out


def g(o, *path, default=None):
    for p in path:
        try:
            o = o[p]
        except (KeyError, IndexError, TypeError):
            return default
    return o


# ------------------------------------------------------------------ extraction, independent of generate.py
def extract_plain(api, r):
    x = {}
    if api == "openai.chat_completions":
        m = g(r, "choices", 0, "message") or {}
        content = m.get("content")
        if isinstance(content, list):  # typed parts (Mistral reasoning models): text parts only
            content = "".join(c["text"] for c in content if c.get("type") == "text") or None
        x["output_text"] = content
        x["finish_reason"] = g(r, "choices", 0, "finish_reason")
        x["input_tokens"], x["output_tokens"], x["total_tokens"] = (
            g(r, "usage", "prompt_tokens"), g(r, "usage", "completion_tokens"), g(r, "usage", "total_tokens"))
        x["tool_calls"] = [{"name": t["function"]["name"], "arguments": t["function"]["arguments"]}
                           for t in m.get("tool_calls") or []] or None
    elif api == "openai.completions":
        x["output_text"] = g(r, "choices", 0, "text")
        x["finish_reason"] = g(r, "choices", 0, "finish_reason")
        x["input_tokens"], x["output_tokens"] = g(r, "usage", "prompt_tokens"), g(r, "usage", "completion_tokens")
    elif api == "openai.responses":
        x["output_text"] = "".join(c["text"] for o in r["output"] if o["type"] == "message"
                                   for c in o["content"] if c["type"] == "output_text")
        x["input_tokens"], x["output_tokens"] = g(r, "usage", "input_tokens"), g(r, "usage", "output_tokens")
    elif api == "anthropic.messages":
        x["output_text"] = "".join(c["text"] for c in r["content"] if c["type"] == "text") or None
        x["finish_reason"] = r.get("stop_reason")
        x["input_tokens"], x["output_tokens"] = g(r, "usage", "input_tokens"), g(r, "usage", "output_tokens")
        x["tool_calls"] = [{"name": c["name"], "arguments": json.dumps(c["input"], separators=(",", ":"))}
                           for c in r["content"] if c["type"] == "tool_use"] or None
    elif api == "google.generate_content":
        parts = g(r, "candidates", 0, "content", "parts") or []
        x["output_text"] = "".join(p.get("text", "") for p in parts) or None
        x["finish_reason"] = g(r, "candidates", 0, "finishReason")
        x["input_tokens"] = g(r, "usageMetadata", "promptTokenCount")
        x["output_tokens"] = g(r, "usageMetadata", "candidatesTokenCount")
        x["tool_calls"] = [{"name": p["functionCall"]["name"],
                            "arguments": json.dumps(p["functionCall"]["args"], separators=(",", ":"))}
                           for p in parts if "functionCall" in p] or None
    elif api == "cohere.chat_v2":
        x["output_text"] = "".join(c["text"] for c in g(r, "message", "content") or [] if c["type"] == "text") or None
        x["finish_reason"] = r.get("finish_reason")
        x["input_tokens"] = g(r, "usage", "tokens", "input_tokens")
        x["output_tokens"] = g(r, "usage", "tokens", "output_tokens")
        x["tool_calls"] = [{"name": t["function"]["name"], "arguments": t["function"]["arguments"]}
                           for t in g(r, "message", "tool_calls") or []] or None
    elif api in ("ollama.chat", "ollama.generate"):
        x["output_text"] = g(r, "message", "content") if api == "ollama.chat" else r.get("response")
        x["finish_reason"] = r.get("done_reason")
        x["input_tokens"], x["output_tokens"] = r.get("prompt_eval_count"), r.get("eval_count")
    elif api == "aws.bedrock_converse":
        content = g(r, "output", "message", "content") or []
        x["output_text"] = "".join(c.get("text", "") for c in content) or None
        x["finish_reason"] = r.get("stopReason")
        x["input_tokens"], x["output_tokens"] = g(r, "usage", "inputTokens"), g(r, "usage", "outputTokens")
        x["tool_calls"] = [{"name": c["toolUse"]["name"],
                            "arguments": json.dumps(c["toolUse"]["input"], separators=(",", ":"))}
                           for c in content if "toolUse" in c] or None
    elif api == "openai.audio_transcriptions" and isinstance(r, dict):
        x["output_text"] = r.get("text")
    elif api == "cohere.chat_v1":
        x["output_text"], x["finish_reason"] = r.get("text"), r.get("finish_reason")
        x["input_tokens"] = g(r, "meta", "tokens", "input_tokens")
        x["output_tokens"] = g(r, "meta", "tokens", "output_tokens")
    elif api == "cohere.generate":
        x["output_text"] = g(r, "generations", 0, "text")
        x["finish_reason"] = g(r, "generations", 0, "finish_reason")
        x["input_tokens"] = g(r, "meta", "billed_units", "input_tokens")
        x["output_tokens"] = g(r, "meta", "billed_units", "output_tokens")
    elif api == "huggingface.tgi_generate":
        r = r[0] if isinstance(r, list) else r  # the HF Inference API wraps the body in a list
        x["output_text"] = r.get("generated_text") or None
        x["finish_reason"] = g(r, "details", "finish_reason")
        x["output_tokens"] = g(r, "details", "generated_tokens")
    elif api == "llamacpp.completion":
        x["output_text"], x["finish_reason"] = r.get("content"), r.get("stop_type")
        x["input_tokens"], x["output_tokens"] = r.get("tokens_evaluated"), r.get("tokens_predicted")
    elif api == "mistral.fim_completions":
        x["output_text"] = g(r, "choices", 0, "message", "content")
        x["finish_reason"] = g(r, "choices", 0, "finish_reason")
        x["input_tokens"], x["output_tokens"] = g(r, "usage", "prompt_tokens"), g(r, "usage", "completion_tokens")
    elif api == "aws.bedrock_invoke_llama":
        x["output_text"], x["finish_reason"] = r.get("generation"), r.get("stop_reason")
        x["input_tokens"], x["output_tokens"] = r.get("prompt_token_count"), r.get("generation_token_count")
    elif api == "aws.bedrock_invoke_titan":
        x["output_text"] = g(r, "results", 0, "outputText")
        x["finish_reason"] = g(r, "results", 0, "completionReason")
        x["input_tokens"], x["output_tokens"] = r.get("inputTextTokenCount"), g(r, "results", 0, "tokenCount")
    elif api == "aws.bedrock_invoke_mistral":
        x["output_text"] = g(r, "outputs", 0, "text")
        x["finish_reason"] = g(r, "outputs", 0, "stop_reason")
    elif api in ("openai.embeddings", "google.embed_content", "voyage.rerank", "cohere.rerank"):
        x["input_tokens"] = (g(r, "usage", "prompt_tokens") or g(r, "usage", "total_tokens")
                             or g(r, "usageMetadata", "promptTokenCount"))
    return x


def extract_stream(api, events):
    x = {"output_text": ""}
    calls = {}
    objs = [(n, o) for n, o in events if o != "[DONE]"]
    if api in ("openai.chat_completions", "openai.completions"):
        for _, o in objs:
            for ch in o.get("choices") or []:
                if api == "openai.completions":
                    x["output_text"] += ch.get("text") or ""
                else:
                    d = ch.get("delta") or {}
                    x["output_text"] += d.get("content") or ""
                    for t in d.get("tool_calls") or []:
                        c = calls.setdefault(t["index"], {"name": "", "arguments": ""})
                        c["name"] += g(t, "function", "name") or ""
                        c["arguments"] += g(t, "function", "arguments") or ""
                if ch.get("finish_reason"):
                    x["finish_reason"] = ch["finish_reason"]
            u = o.get("usage") or g(o, "x_groq", "usage")
            if u:
                x["input_tokens"], x["output_tokens"] = u["prompt_tokens"], u["completion_tokens"]
    elif api == "openai.responses":
        for n, o in objs:
            if n == "response.output_text.delta":
                x["output_text"] += o["delta"]
            if n == "response.completed":
                x["input_tokens"] = o["response"]["usage"]["input_tokens"]
                x["output_tokens"] = o["response"]["usage"]["output_tokens"]
    elif api == "anthropic.messages":
        for n, o in objs:
            if n == "message_start":
                x["input_tokens"] = o["message"]["usage"]["input_tokens"]
            elif n == "content_block_delta" and o["delta"]["type"] == "text_delta":
                x["output_text"] += o["delta"]["text"]
            elif n == "message_delta":
                x["finish_reason"] = o["delta"]["stop_reason"]
                x["output_tokens"] = o["usage"]["output_tokens"]
    elif api == "google.generate_content":
        for _, o in objs:
            for p in g(o, "candidates", 0, "content", "parts") or []:
                if not p.get("thought"):
                    x["output_text"] += p.get("text", "")
            if g(o, "candidates", 0, "finishReason"):
                x["finish_reason"] = o["candidates"][0]["finishReason"]
            if "candidatesTokenCount" in (o.get("usageMetadata") or {}):
                x["input_tokens"] = o["usageMetadata"]["promptTokenCount"]
                x["output_tokens"] = o["usageMetadata"]["candidatesTokenCount"]
    elif api == "cohere.chat_v2":
        for n, o in objs:
            if n == "content-delta":
                x["output_text"] += o["delta"]["message"]["content"]["text"]
            elif n == "message-end":
                x["finish_reason"] = o["delta"]["finish_reason"]
                x["input_tokens"] = o["delta"]["usage"]["tokens"]["input_tokens"]
                x["output_tokens"] = o["delta"]["usage"]["tokens"]["output_tokens"]
    elif api in ("ollama.chat", "ollama.generate"):
        for _, o in objs:
            x["output_text"] += (g(o, "message", "content") or "") if api == "ollama.chat" else o.get("response", "")
            if o.get("done"):
                x["finish_reason"] = o.get("done_reason")
                x["input_tokens"], x["output_tokens"] = o["prompt_eval_count"], o["eval_count"]
    elif api == "cohere.chat_v1":
        for _, o in objs:
            if o.get("event_type") == "text-generation":
                x["output_text"] += o["text"]
            elif o.get("event_type") == "stream-end":
                x["finish_reason"] = o["finish_reason"]
                x["input_tokens"] = g(o, "response", "meta", "tokens", "input_tokens")
                x["output_tokens"] = g(o, "response", "meta", "tokens", "output_tokens")
    elif api == "huggingface.tgi_generate":
        for _, o in objs:
            if not g(o, "token", "special"):
                x["output_text"] += g(o, "token", "text") or ""
            if o.get("details"):
                x["finish_reason"] = o["details"]["finish_reason"]
                x["output_tokens"] = o["details"]["generated_tokens"]
                if "input_length" in o["details"]:
                    x["input_tokens"] = o["details"]["input_length"]
    elif api == "llamacpp.completion":
        for _, o in objs:
            x["output_text"] += o.get("content", "")
            if o.get("stop"):
                x["finish_reason"] = o.get("stop_type")
                x["input_tokens"], x["output_tokens"] = o["tokens_evaluated"], o["tokens_predicted"]
    elif api == "aws.bedrock_converse":
        for n, o in objs:
            if n == "contentBlockDelta":
                x["output_text"] += g(o, "delta", "text") or ""
            elif n == "messageStop":
                x["finish_reason"] = o["stopReason"]
            elif n == "metadata":
                x["input_tokens"], x["output_tokens"] = o["usage"]["inputTokens"], o["usage"]["outputTokens"]
    elif api == "aws.bedrock_invoke_titan":
        for _, o in objs:
            x["output_text"] += o.get("outputText", "")
            if o.get("completionReason"):
                x["finish_reason"] = o["completionReason"]
            metrics = o.get("amazon-bedrock-invocationMetrics")
            if metrics:
                x["input_tokens"], x["output_tokens"] = metrics["inputTokenCount"], metrics["outputTokenCount"]
    if calls:
        x["tool_calls"] = [calls[k] for k in sorted(calls)]
        if not x["output_text"]:
            x["output_text"] = None
    return x


def eventstream_events(raw, where):
    """AWS event stream frames: every prelude and message CRC must hold. Events are named by their
    `:event-type` header; a `chunk` payload's base64 `bytes` is decoded to the model's own JSON event
    (named by its `type` member when it has one)."""
    events, i = [], 0
    while i < len(raw):
        if len(raw) - i < 16:
            fail(where, "truncated event stream frame at byte %d" % i)
            break
        total, hlen, pcrc = struct.unpack(">III", raw[i:i + 12])
        frame = raw[i:i + total]
        if zlib.crc32(raw[i:i + 8]) != pcrc or len(frame) != total \
                or zlib.crc32(frame[:-4]) != struct.unpack(">I", frame[-4:])[0]:
            fail(where, "event stream frame at byte %d fails its CRC" % i)
            break
        headers, j, h = {}, 0, frame[12:12 + hlen]
        while j < len(h):
            name = h[j + 1:j + 1 + h[j]].decode(); j += 1 + h[j]
            if h[j] != 7:
                fail(where, "event stream header %s is not a string" % name)
                break
            n = struct.unpack(">H", h[j + 1:j + 3])[0]
            headers[name] = h[j + 3:j + 3 + n].decode(); j += 3 + n
        payload = strict_loads(frame[12 + hlen:-4])
        name = headers.get(":event-type")
        if name == "chunk" and "bytes" in payload:
            payload = strict_loads(base64.b64decode(payload["bytes"]))
            name = payload.get("type", name)
        events.append((name, payload))
        i += total
    return events


def check_multipart(raw, ct, where):
    m = re.search(r"boundary=(\S+)", ct)
    if not m:
        return fail(where, "multipart content type without boundary")
    b = m.group(1).encode()
    if not raw.startswith(b"--" + b + b"\r\n") or not raw.endswith(b"--" + b + b"--\r\n"):
        fail(where, "multipart body does not open/close with the boundary")
    names = re.findall(rb'Content-Disposition: form-data; name="([^"]+)"', raw)
    if b"file" not in names or b"model" not in names:
        fail(where, "multipart lacks file or model field")


def main():
    man = strict_loads(read("manifest.json"))
    listed = {"manifest.json"}
    seen_names = set()
    pending = man.get("pending", [])
    by_name = {e["name"]: e for e in man["exchanges"] + pending}
    results = {}
    crlf_count = comment_count = 0
    sources = read("SOURCES.md").decode("utf-8")
    for e in man["exchanges"] + pending:
        n = e["name"]
        if n in seen_names:
            fail(n, "duplicate name")
        seen_names.add(n)
        for k in ("name", "api", "host", "path", "model", "status", "request", "request_content_type",
                  "response", "response_content_type", "stream", "expect"):
            if k not in e:
                fail(n, "manifest key %s missing" % k)
        for k in ("request", "response"):
            listed.add(e[k])
            if not os.path.isfile(os.path.join(ROOT, e[k])):
                fail(n, "%s file %s missing" % (k, e[k]))
        try:
            req_raw, resp_raw = read(e["request"]), read(e["response"])
        except OSError:
            continue
        # request
        req = None
        if e["request_content_type"].startswith("multipart/"):
            check_multipart(req_raw, e["request_content_type"], n)
            if e["model"].encode() not in req_raw:
                fail(n, "model not in multipart body")
        else:
            try:
                req = strict_loads(req_raw)
            except Exception as ex:
                fail(n, "request does not parse: %s" % ex)
        if e.get("blocked_by") is not None and e["blocked_by"] not in BLOCKERS:
            fail(n, "blocked_by %r is not one of %s" % (e["blocked_by"], sorted(BLOCKERS)))
        if e.get("recorded"):
            for k in ("request", "response"):
                if "`%s`" % e[k] not in sources:
                    fail(n, "recorded fixture %s has no row in SOURCES.md" % e[k])
        if req is not None and e.get("model_in_request") is False:
            if "model" in req:
                fail(n, "model_in_request is false but the request has a model")
        elif req is not None:
            if "model" in req:
                if req["model"] != e["model"]:
                    fail(n, "request model %r != manifest model %r" % (req["model"], e["model"]))
            elif e["model"] not in e["path"]:
                fail(n, "model neither in request body nor in path")
        # response
        ct = e["response_content_type"]
        resp = events = None
        try:
            if ct.startswith("application/json"):
                resp = strict_loads(resp_raw)
                if e["stream"] and isinstance(resp, list):  # one JSON array of events (Gemini without alt=sse)
                    events, resp = [(None, o) for o in resp], None
            elif ct.startswith("application/vnd.amazon.eventstream"):
                events = eventstream_events(resp_raw, n)
            elif ct.startswith("text/event-stream"):
                crlf = e.get("line_endings") == "crlf"
                crlf_count += crlf
                events, comments = sse_events(resp_raw, n, crlf)
                comment_count += comments
                if comments and not e.get("sse_comments"):
                    fail(n, "SSE comments present but sse_comments not set")
                if e["api"] and e["api"].startswith("openai.") and e["api"] != "openai.responses":
                    if events[-1][1] != "[DONE]":
                        fail(n, "OpenAI stream does not end with [DONE]")
            elif ct.startswith("application/x-ndjson") or ct.startswith("application/stream+json"):
                events = [(None, o) for o in ndjson_lines(resp_raw, n)]
                if e["api"].startswith("ollama.") and not events[-1][1].get("done"):
                    fail(n, "NDJSON stream does not end with done:true")
            elif ct.startswith("text/"):
                resp_raw.decode("utf-8")
                resp = resp_raw.decode("utf-8")
            else:
                fail(n, "unknown response content type " + ct)
        except Exception as ex:
            fail(n, "response does not parse: %s" % ex)
            continue
        if e["stream"] != (events is not None):
            fail(n, "stream flag disagrees with the response framing")
        exp = e["expect"]
        for k in ("output_text", "system"):
            if isinstance(exp.get(k), str) and e["model"] in exp[k]:
                fail(n, "model string occurs in %s" % k)
        if e["status"] >= 400 or (e["api"] and "error_message" in exp):
            if e["api"] and resp is not None:
                blob = json.dumps(resp, ensure_ascii=False)
                if json.dumps(exp["error_message"], ensure_ascii=False)[1:-1] not in blob:
                    fail(n, "error_message not found in the body")
            continue
        got = extract_stream(e["api"], events) if events is not None else extract_plain(e["api"], resp)
        if e["api"] == "openai.audio_transcriptions" and isinstance(resp, str):
            got = {"output_text": resp}
        for k, v in got.items():
            if v is None:
                if k in exp and k != "tool_calls":
                    fail(n, "expect.%s=%r but fixture has none" % (k, exp[k]))
                continue
            if k == "tool_calls":
                want = [{"name": t["name"], "arguments": t["arguments"]} for t in exp.get("tool_calls", [])]
                if v != want:
                    fail(n, "tool_calls %r != expect %r" % (v, want))
            elif k not in exp:
                fail(n, "fixture has %s=%r but expect lacks it" % (k, v))
            elif exp[k] != v:
                fail(n, "%s: fixture %r != expect %r" % (k, v, exp[k]))
        results[n] = got
        # embeddings
        if e["api"] == "openai.embeddings":
            vecs = [d["embedding"] for d in resp["data"]]
            vecs = [list(struct.unpack("<%df" % (len(base64.b64decode(v)) // 4), base64.b64decode(v)))
                    if isinstance(v, str) else v for v in vecs]
            if len(vecs) != exp["embedding_count"] or {len(v) for v in vecs} != {exp["embedding_dimension"]}:
                fail(n, "embedding count/dimension disagree with expect")
            if isinstance(req.get("input"), list) and len(req["input"]) != len(vecs):
                fail(n, "one embedding per input expected")
        if e["api"] in ("google.embed_content", "google.batch_embed_contents"):
            vecs = [resp["embedding"]["values"]] if "embedding" in resp else [v["values"] for v in resp["embeddings"]]
            if len(vecs) != exp["embedding_count"] or {len(v) for v in vecs} != {exp["embedding_dimension"]}:
                fail(n, "embedding count/dimension disagree with expect")
        if "result_count" in exp:
            items = resp.get("results") if "results" in resp else resp.get("data")
            if len(items or []) != exp["result_count"]:
                fail(n, "result_count %r != %d results" % (exp["result_count"], len(items or [])))
        if e["api"] == "cohere.embed":
            vecs = resp["embeddings"]["float"]
            if len(vecs) != exp["embedding_count"] or {len(v) for v in vecs} != {exp["embedding_dimension"]}:
                fail(n, "embedding count/dimension disagree with expect")
    # stream == plain
    for e in man["exchanges"]:
        other = e.get("same_as")
        if not other:
            continue
        if other not in by_name:
            fail(e["name"], "same_as names an unknown exchange")
            continue
        a, b = results.get(e["name"], {}), results.get(other, {})
        for k in ("output_text", "finish_reason", "input_tokens", "output_tokens", "tool_calls"):
            if a.get(k) != b.get(k):
                fail(e["name"], "%s differs from %s: %r vs %r" % (k, other, a.get(k), b.get(k)))
        if e["model"] != by_name[other]["model"]:
            fail(e["name"], "same_as exchange uses a different model")
    if crlf_count < 1:
        fail("manifest", "no SSE fixture with CRLF line endings")
    if comment_count < 1:
        fail("manifest", "no SSE fixture with a comment line")
    # corrupt files fail as stated
    for c in man["corrupt"]:
        listed.add(c["file"])
        try:
            raw = read(c["file"])
        except OSError:
            fail(c["file"], "missing")
            continue
        reason = c["reason"]
        if reason == "bom":
            if not raw.startswith(b"\xef\xbb\xbf"):
                fail(c["file"], "no BOM")
            try:
                strict_loads(raw[3:])
            except Exception as ex:
                fail(c["file"], "document after the BOM is not valid: %s" % ex)
            continue
        if reason == "empty" and raw:
            fail(c["file"], "not empty")
        try:
            sys.setrecursionlimit(5000)
            strict_loads(raw)
            fail(c["file"], "parses, but is listed as %s" % reason)
        except UnicodeDecodeError:
            if reason != "invalid_utf8":
                fail(c["file"], "invalid UTF-8, but listed as %s" % reason)
        except RecursionError:
            if reason != "too_deep":
                fail(c["file"], "too deep, but listed as %s" % reason)
        except ValueError as ex:
            if reason in ("invalid_utf8", "too_deep"):
                fail(c["file"], "fails for another reason: %s" % ex)
            if reason == "nan" and "NaN" not in str(ex):
                fail(c["file"], "does not fail on NaN: %s" % ex)
    # every fixture file is listed; every .json parses unless it is a corrupt entry
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), ROOT)
            if rel in ("generate.py", "check.py", "recorded.py", "README.md", "SOURCES.md", "made_up.json") or "__pycache__" in rel:
                continue
            if rel.startswith("unknown."):
                continue  # made-up APIs for the heuristic mapper, listed in made_up.json
            if rel not in listed:
                fail(rel, "not listed in manifest.json")
            if rel.endswith(".json") and not rel.startswith("corrupt/"):
                try:
                    strict_loads(read(rel))
                except Exception as ex:
                    fail(rel, "does not parse: %s" % ex)
    for p in problems:
        print("FAIL", p)
    print("%d exchanges, %d pending, %d corrupt, %d problems" % (len(man["exchanges"]), len(pending), len(man["corrupt"]), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
