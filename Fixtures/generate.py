#!/usr/bin/env python3
"""Writes every fixture under Fixtures/ and Fixtures/manifest.json.

All text content is invented. Field names and shapes follow the providers' public
API references and SDK fixtures. Run from anywhere: python3 Fixtures/generate.py
Stream and plain variants of one conversation are generated from the same values,
so their texts, finish reasons and token counts agree by construction; check.py
verifies that independently from the written bytes.
"""
import base64, json, os, random, re, shutil, struct, sys, zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
EXCHANGES, CORRUPT, PENDING = [], [], []
# Hand-written or recorded inputs that generate.py does not write.
KEEP = {"generate.py", "check.py", "recorded.py", "README.md", "SOURCES.md", "made_up.json", "__pycache__"}


def clean():
    for name in os.listdir(ROOT):
        if name in KEEP or name.startswith("unknown."):
            continue
        p = os.path.join(ROOT, name)
        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)


def write(rel, data):
    p = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return rel


# JSON dialects seen from real clients and servers.
def pretty(o):   # OpenAI / Gemini non-stream responses
    return json.dumps(o, indent=2, ensure_ascii=False) + "\n"
def compact(o):  # most servers and JS SDKs
    return json.dumps(o, separators=(",", ":"), ensure_ascii=False)
def spaced(o):   # Python json.dumps defaults (httpx, requests)
    return json.dumps(o, ensure_ascii=False)
def gemini_sse(o):  # Gemini alt=sse chunks: "," between members, ": " after keys
    return json.dumps(o, separators=(",", ": "), ensure_ascii=False)
def ascii_(o):   # \uXXXX escapes instead of raw UTF-8
    return json.dumps(o, separators=(",", ":"), ensure_ascii=True)


def sse(events, eol="\n", comment_at=None):
    """events: list of (event_name or None, data string)."""
    out = []
    for i, (name, data) in enumerate(events):
        if comment_at is not None and i == comment_at:
            out.append(": keep-alive" + eol + eol)
        block = ""
        if name:
            block += "event: " + name + eol
        block += "data: " + data + eol + eol
        out.append(block)
    return "".join(out)


def ndjson(objs):
    return "".join(compact(o) + "\n" for o in objs)


def pieces(text, n=None):
    """Split text into token-like deltas (word plus leading space; emoji apart)."""
    parts = re.findall(r"\s*[^\s]+|\s+", text)
    out = []
    for p in parts:
        # put symbols outside the BMP in their own delta
        buf = ""
        for ch in p:
            if ord(ch) > 0xFFFF:
                if buf:
                    out.append(buf)
                out.append(ch)
                buf = ""
            else:
                buf += ch
        if buf:
            out.append(buf)
    assert "".join(out) == text
    return out


def split_n(s, n):
    k = max(1, -(-len(s) // n))
    return [s[i:i + k] for i in range(0, len(s), k)]


def add(name, api, host, path, model, status, req, req_ct, resp, resp_ct,
        stream=False, expect=None, **extra):
    e = {"name": name, "api": api, "host": host, "path": path, "model": model,
         "status": status, "request": req, "request_content_type": req_ct,
         "response": resp, "response_content_type": resp_ct, "stream": stream}
    e.update(extra)
    e["expect"] = {k: v for k, v in (expect or {}).items() if v is not None}
    EXCHANGES.append(e)


JSON, SSE, NDJ = "application/json", "text/event-stream", "application/x-ndjson"
SSE_UTF8 = "text/event-stream; charset=utf-8"

WEATHER_PARAMS = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "description": "City name, e.g. Lyon"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    },
    "required": ["city"],
}
WEATHER_DESC = "Current temperature and sky conditions for a city."


# ---------------------------------------------------------------- openai.chat_completions
def usage_openai(p, c, cached=0, reasoning=0):
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c,
            "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": reasoning, "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0,
                                          "rejected_prediction_tokens": 0}}


def openai_chat():
    api, host, path = "openai.chat_completions", "api.openai.com", "/v1/chat/completions"
    d = api + "/"
    # plain + stream: one conversation
    model, rmodel = "gpt-4o-mini", "gpt-4o-mini-2024-07-18"
    system = "You are a terse assistant for a bakery's order desk. Answer in one or two sentences."
    user = "Can I pick up a croissant order before 7 tomorrow morning?"
    text = ("Yes \u2014 pickup opens at 6:30, so your croissants will be ready before 7. "
            "Bring the order number and say bonjour to Zo\u00e9 \U0001F950")
    p, c = 38, 34
    msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    req = {"model": model, "messages": msgs, "temperature": 0.3, "max_tokens": 120}
    resp = {"id": "chatcmpl-B9qXf3LkP0aZr7TnW2vYcE1dHs4Gm", "object": "chat.completion",
            "created": 1741862410, "model": rmodel,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text,
                                                 "refusal": None, "annotations": []},
                         "logprobs": None, "finish_reason": "stop"}],
            "usage": usage_openai(p, c), "service_tier": "default",
            "system_fingerprint": "fp_06737a9306"}
    exp = {"response_model": rmodel, "finish_reason": "stop", "input_tokens": p,
           "output_tokens": c, "total_tokens": p + c, "output_text": text, "system": system,
           "input_message_count": 2, "cache_read_tokens": 0, "reasoning_tokens": 0}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", spaced(req)), JSON,
        write(d + "plain.response.json", pretty(resp)), JSON,
        expect=dict(exp, response_id=resp["id"]))

    sid = "chatcmpl-B9qXk8VbN2cRt5YuP1oLwQ3eJd7Fa"
    sreq = dict(req, stream=True, stream_options={"include_usage": True})
    base = {"id": sid, "object": "chat.completion.chunk", "created": 1741862433,
            "model": rmodel, "service_tier": "default", "system_fingerprint": "fp_06737a9306"}
    ev = [dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": "",
                                                     "refusal": None},
                               "logprobs": None, "finish_reason": None}], usage=None)]
    for i, piece in enumerate(pieces(text)):
        ev.append(dict(base, choices=[{"index": 0, "delta": {"content": piece},
                                       "logprobs": None, "finish_reason": None}],
                       usage=None, obfuscation="k3Xq"[: 1 + i % 4]))
    ev.append(dict(base, choices=[{"index": 0, "delta": {}, "logprobs": None,
                                   "finish_reason": "stop"}], usage=None))
    ev.append(dict(base, choices=[], usage=usage_openai(p, c)))
    body = sse([(None, compact(e)) for e in ev] + [(None, "[DONE]")])
    add(api + "/stream", api, host, path, model, 200,
        write(d + "stream.request.json", compact(sreq)), JSON,
        write(d + "stream.response.sse", body), SSE_UTF8, stream=True,
        same_as=api + "/plain", expect=dict(exp, response_id=sid))

    # tools + stream_tools: one conversation, two parallel calls
    model, rmodel = "gpt-4o", "gpt-4o-2024-08-06"
    system = "You help travellers compare weather. Call tools for live data."
    user = "Is it warmer in Lyon or in Porto right now?"
    tools = [{"type": "function", "function": {"name": "get_weather", "description": WEATHER_DESC,
                                               "parameters": WEATHER_PARAMS, "strict": False}}]
    calls = [("call_Qm3hV8sLr2TfZ0aXc4Nu9bKe", "get_weather", '{"city":"Lyon","unit":"celsius"}'),
             ("call_Wy7pD1gHj5KoE6rMz2Ls0vTi", "get_weather", '{"city":"Porto","unit":"celsius"}')]
    p, c = 96, 52
    req = {"model": model, "messages": [{"role": "system", "content": system},
                                        {"role": "user", "content": user}],
           "tools": tools, "tool_choice": "auto", "parallel_tool_calls": True}
    resp = {"id": "chatcmpl-B9rA2nHc6Lq1PzVx8TkR4sYmW0eJu", "object": "chat.completion",
            "created": 1741863001, "model": rmodel,
            "choices": [{"index": 0, "message": {
                "role": "assistant", "content": None, "refusal": None, "annotations": [],
                "tool_calls": [{"id": i, "type": "function", "function": {"name": n, "arguments": a}}
                               for i, n, a in calls]},
                "logprobs": None, "finish_reason": "tool_calls"}],
            "usage": usage_openai(p, c), "service_tier": "default",
            "system_fingerprint": "fp_a7d06e42a7"}
    exp = {"response_model": rmodel, "finish_reason": "tool_calls", "input_tokens": p,
           "output_tokens": c, "total_tokens": p + c, "system": system,
           "input_message_count": 2,
           "tool_calls": [{"id": i, "name": n, "arguments": a} for i, n, a in calls]}
    add(api + "/tools", api, host, path, model, 200,
        write(d + "tools.request.json", spaced(req)), JSON,
        write(d + "tools.response.json", pretty(resp)), JSON,
        expect=dict(exp, response_id=resp["id"]))

    sid = "chatcmpl-B9rA9dKf3Sg7WnYb1QoT6xZc2HvLm"
    sreq = dict(req, stream=True, stream_options={"include_usage": True})
    base = {"id": sid, "object": "chat.completion.chunk", "created": 1741863019,
            "model": rmodel, "service_tier": "default", "system_fingerprint": "fp_a7d06e42a7"}
    ev = [dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": None,
                                                     "refusal": None},
                               "logprobs": None, "finish_reason": None}], usage=None)]
    for idx, (cid, name, args) in enumerate(calls):
        ev.append(dict(base, choices=[{"index": 0, "delta": {"tool_calls": [
            {"index": idx, "id": cid, "type": "function",
             "function": {"name": name, "arguments": ""}}]},
            "logprobs": None, "finish_reason": None}], usage=None))
        for frag in split_n(args, 4):
            ev.append(dict(base, choices=[{"index": 0, "delta": {"tool_calls": [
                {"index": idx, "function": {"arguments": frag}}]},
                "logprobs": None, "finish_reason": None}], usage=None))
    ev.append(dict(base, choices=[{"index": 0, "delta": {}, "logprobs": None,
                                   "finish_reason": "tool_calls"}], usage=None))
    ev.append(dict(base, choices=[], usage=usage_openai(p, c)))
    body = sse([(None, compact(e)) for e in ev] + [(None, "[DONE]")], comment_at=3)
    add(api + "/stream_tools", api, host, path, model, 200,
        write(d + "stream_tools.request.json", compact(sreq)), JSON,
        write(d + "stream_tools.response.sse", body), SSE, stream=True,
        same_as=api + "/tools", sse_comments=True, expect=dict(exp, response_id=sid))

    # tool results sent back: assistant tool_calls + one tool message per call, then the answer
    text = "Porto is warmer right now: 17 \u00b0C against 11 \u00b0C in Lyon."
    tp, tc = 171, 19
    treq = {"model": model, "messages": [
        {"role": "system", "content": system}, {"role": "user", "content": user},
        {"role": "assistant", "content": None,
         "tool_calls": [{"id": i, "type": "function", "function": {"name": n, "arguments": a}}
                        for i, n, a in calls]},
        {"role": "tool", "tool_call_id": calls[0][0], "content": '{"temp_c":11,"sky":"overcast"}'},
        {"role": "tool", "tool_call_id": calls[1][0], "content": '{"temp_c":17,"sky":"sunny"}'}],
        "tools": tools}
    tresp = {"id": "chatcmpl-B9rB4wJm7Tq2XcLs9NaV5hKe1PdGz", "object": "chat.completion",
             "created": 1741863040, "model": rmodel,
             "choices": [{"index": 0, "message": {"role": "assistant", "content": text,
                                                  "refusal": None, "annotations": []},
                          "logprobs": None, "finish_reason": "stop"}],
             "usage": usage_openai(tp, tc), "service_tier": "default",
             "system_fingerprint": "fp_a7d06e42a7"}
    add(api + "/tool_result", api, host, path, model, 200,
        write(d + "tool_result.request.json", spaced(treq)), JSON,
        write(d + "tool_result.response.json", pretty(tresp)), JSON,
        expect={"response_model": rmodel, "response_id": tresp["id"], "finish_reason": "stop",
                "input_tokens": tp, "output_tokens": tc, "total_tokens": tp + tc,
                "output_text": text, "system": system, "input_message_count": 5,
                "cache_read_tokens": 0, "reasoning_tokens": 0})

    # logprobs
    model = "gpt-3.5-turbo-0125"
    user = "Answer in one word plus a hedge: is the sea usually salty?"
    toks = [("Yes", -0.0002, [("Yes", -0.0002), ("Usually", -8.9), ("yes", -10.4)]),
            (",", -0.031, [(",", -0.031), (".", -3.52), (" \u2014", -7.7)]),
            (" mostly", -0.412, [(" mostly", -0.412), (" usually", -1.18), (" almost", -2.9)]),
            (".", -0.0011, [(".", -0.0011), ("!", -7.2), (",", -9.8)])]
    text = "".join(t for t, _, _ in toks)
    def b(s): return list(s.encode("utf-8"))
    content = [{"token": t, "logprob": lp, "bytes": b(t),
                "top_logprobs": [{"token": a, "logprob": alp, "bytes": b(a)} for a, alp in top]}
               for t, lp, top in toks]
    p, c = 22, 4
    req = {"model": model, "messages": [{"role": "user", "content": user}],
           "logprobs": True, "top_logprobs": 3, "max_tokens": 8}
    resp = {"id": "chatcmpl-B9sC1mXw5Jt8RbQe3NyK7oAp2ZdVf", "object": "chat.completion",
            "created": 1741864120, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text,
                                                 "refusal": None, "annotations": []},
                         "logprobs": {"content": content, "refusal": None},
                         "finish_reason": "stop"}],
            "usage": usage_openai(p, c), "service_tier": "default", "system_fingerprint": None}
    add(api + "/logprobs", api, host, path, model, 200,
        write(d + "logprobs.request.json", spaced(req)), JSON,
        write(d + "logprobs.response.json", pretty(resp)), JSON,
        expect={"response_model": model, "response_id": resp["id"], "finish_reason": "stop",
                "input_tokens": p, "output_tokens": c, "total_tokens": p + c,
                "output_text": text, "input_message_count": 1})

    # vision: content parts
    model, rmodel = "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"
    png = tiny_png()
    parts = [{"type": "text", "text": "What colour is the bicycle, and is the lock attached?"},
             {"type": "image_url", "image_url": {"url": "https://images.example.net/uploads/bike-0412.jpg",
                                                 "detail": "low"}},
             {"type": "image_url", "image_url": {"url": "data:image/png;base64," + png}}]
    text = ("The bicycle is a faded teal with a brown saddle. The second image is too small to show "
            "a lock, so I can't confirm it is attached.")
    p, c = 182, 33
    req = {"model": model, "messages": [{"role": "user", "content": parts}], "max_completion_tokens": 200}
    resp = {"id": "chatcmpl-B9tD4kQz8Wm2HcVr6PsN1yLo5XaEg", "object": "chat.completion",
            "created": 1741865507, "model": rmodel,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text,
                                                 "refusal": None, "annotations": []},
                         "logprobs": None, "finish_reason": "stop"}],
            "usage": usage_openai(p, c), "service_tier": "default",
            "system_fingerprint": "fp_6f2eabb9a5"}
    add(api + "/vision", api, host, path, model, 200,
        write(d + "vision.request.json", compact(req)), JSON,
        write(d + "vision.response.json", pretty(resp)), JSON,
        expect={"response_model": rmodel, "response_id": resp["id"], "finish_reason": "stop",
                "input_tokens": p, "output_tokens": c, "total_tokens": p + c,
                "output_text": text, "input_message_count": 1})

    # long: a valid ~200 KB request
    model, rmodel = "gpt-4.1", "gpt-4.1-2025-04-14"
    rng = random.Random(7)
    words = ("ledger harbour copper lantern quarry orchard meridian thimble basalt cinder "
             "tundra velvet pylon ferry gravel marrow sextant quill turbine saffron willow "
             "anchor beacon canal dune ember fjord glacier hinge isthmus juniper kelp loom "
             "mesa nectar oxbow pumice quartz reef spindle tallow umber vane wharf yarrow zinc "
             "caf\u00e9 na\u00efve fa\u00e7ade").split()
    def para(n):
        s = " ".join(rng.choice(words) for _ in range(n))
        return s[0].upper() + s[1:] + "."
    msgs = [{"role": "system", "content": "You summarise long field notes. " + para(40)}]
    size = 0
    while size < 200_000:
        role = "user" if len(msgs) % 2 == 1 else "assistant"
        m = {"role": role, "content": "\n\n".join(para(rng.randint(60, 140)) for _ in range(5))}
        msgs.append(m)
        size += len(m["content"])
    if msgs[-1]["role"] != "user":
        msgs.append({"role": "user", "content": "Summarise all of the notes above in one line."})
    text = "The notes catalogue coastal materials and weather, repeating the harbour and quarry themes."
    p, c = 45310, 17
    req = {"model": model, "messages": msgs, "temperature": 0.2, "max_tokens": 64}
    resp = {"id": "chatcmpl-B9uE7pLd3Xn9SqWt2MvB8rKi4YcOh", "object": "chat.completion",
            "created": 1741866666, "model": rmodel,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text,
                                                 "refusal": None, "annotations": []},
                         "logprobs": None, "finish_reason": "stop"}],
            "usage": usage_openai(p, c, cached=44928), "service_tier": "default",
            "system_fingerprint": "fp_b3f1157249"}
    add(api + "/long", api, host, path, model, 200,
        write(d + "long.request.json", compact(req)), JSON,
        write(d + "long.response.json", pretty(resp)), JSON,
        expect={"response_model": rmodel, "response_id": resp["id"], "finish_reason": "stop",
                "input_tokens": p, "output_tokens": c, "total_tokens": p + c,
                "output_text": text, "system": msgs[0]["content"],
                "input_message_count": len(msgs), "cache_read_tokens": 44928})


def tiny_png():
    raw = b"\x00\x3a\x8f\x8a"  # one filter byte + one RGB pixel
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return base64.b64encode(png).decode()


# ---------------------------------------------------------------- OpenAI-compatible hosts
def compat_chat():
    api = "openai.chat_completions"
    d = api + "/"

    def one(variant, host, path, model, user, text, p, c, req_extra, resp_fn, system=None,
            rmodel=None, req_fmt=spaced, resp_fmt=compact, extra_expect=None, ct=JSON):
        msgs = ([{"role": "system", "content": system}] if system else []) + \
               [{"role": "user", "content": user}]
        req = {"model": model, "messages": msgs} if model is not None else {"messages": msgs}
        req.update(req_extra)
        resp = resp_fn(text, p, c)
        exp = {"response_model": rmodel or model, "response_id": resp.get("id"),
               "finish_reason": "stop", "input_tokens": p, "output_tokens": c,
               "total_tokens": p + c, "output_text": text, "system": system,
               "input_message_count": len(msgs)}
        exp.update(extra_expect or {})
        add(api + "/" + variant, api, host, path, model_key.get(variant, model), 200,
            write(d + variant + ".request.json", req_fmt(req)), JSON,
            write(d + variant + ".response.json", resp_fmt(resp)), ct, expect=exp)
        return req, resp

    model_key = {"azure": "gpt4o-prod"}

    # Groq
    gm = "llama-3.1-8b-instant"
    g_text = "Three quick stretches: roll your shoulders, tilt your neck side to side, then reach for the ceiling."
    g_user = "Suggest three stretches I can do at my desk."
    g_sys = "Keep answers under 30 words."
    gp, gc = 52, 25
    def groq(text, p, c):
        return {"id": "chatcmpl-3f9b1c7e-5a2d-4e8b-9c61-0d4e7a2b8f15", "object": "chat.completion",
                "created": 1741870001, "model": gm,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "logprobs": None, "finish_reason": "stop"}],
                "usage": {"queue_time": 0.018417, "prompt_tokens": p, "prompt_time": 0.002911,
                          "completion_tokens": c, "completion_time": 0.033333,
                          "total_tokens": p + c, "total_time": 0.036244},
                "usage_breakdown": None, "system_fingerprint": "fp_a4265e44d5",
                "x_groq": {"id": "req_01jp4kz8hgf3sv1m0y6r2wq7ta"}, "service_tier": "on_demand"}
    greq, gresp = one("groq", "api.groq.com", "/openai/v1/chat/completions", gm, g_user, g_text,
                      gp, gc, {"temperature": 0.5, "max_completion_tokens": 64}, groq, system=g_sys)

    # Groq stream: usage arrives in x_groq.usage of the last chunk (no top-level usage)
    sid = "chatcmpl-8c2e4a61-7d3f-4b19-a5e0-6f1d9b3c2e74"
    base = {"id": sid, "object": "chat.completion.chunk", "created": 1741870042, "model": gm,
            "system_fingerprint": "fp_a4265e44d5"}
    ev = [dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""},
                               "logprobs": None, "finish_reason": None}],
               x_groq={"id": "req_01jp4m2c7rfe8t3n5k0b6xv9qd"})]
    for piece in pieces(g_text):
        ev.append(dict(base, choices=[{"index": 0, "delta": {"content": piece},
                                       "logprobs": None, "finish_reason": None}]))
    ev.append(dict(base, choices=[{"index": 0, "delta": {}, "logprobs": None,
                                   "finish_reason": "stop"}],
                   x_groq={"id": "req_01jp4m2c7rfe8t3n5k0b6xv9qd",
                           "usage": {"queue_time": 0.020114, "prompt_tokens": gp,
                                     "prompt_time": 0.003107, "completion_tokens": gc,
                                     "completion_time": 0.031746, "total_tokens": gp + gc,
                                     "total_time": 0.034853}}))
    add(api + "/groq_stream", api, "api.groq.com", "/openai/v1/chat/completions", gm, 200,
        write(d + "groq_stream.request.json", spaced(dict(greq, stream=True))), JSON,
        write(d + "groq_stream.response.sse", sse([(None, compact(e)) for e in ev] + [(None, "[DONE]")])),
        SSE, stream=True, same_as=api + "/groq",
        expect={"response_model": gm, "response_id": sid, "finish_reason": "stop",
                "input_tokens": gp, "output_tokens": gc, "total_tokens": gp + gc,
                "output_text": g_text, "system": g_sys, "input_message_count": 2})

    # Together
    tm = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
    def together(text, p, c):
        return {"id": "nq7Rk2E-4Yz8Qb-91f3c2a8d7e6b5a4", "object": "chat.completion",
                "created": 1741870300, "model": tm, "prompt": [],
                "choices": [{"finish_reason": "stop", "seed": 14462384735182650000, "logprobs": None,
                             "index": 0, "message": {"role": "assistant", "content": text,
                                                     "tool_calls": []}}],
                "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c,
                          "cached_tokens": 0}}
    one("together", "api.together.xyz", "/v1/chat/completions", tm,
        "Name a board game that works well with exactly five players.",
        "Try Seven Wonders: five players keep every turn short and the drafting stays lively.",
        29, 18, {"max_tokens": 80, "temperature": 0.7, "top_k": 50, "repetition_penalty": 1.05},
        together)

    # Fireworks
    fm = "accounts/fireworks/models/llama-v3p1-70b-instruct"
    def fireworks(text, p, c):
        return {"id": "6d1c0b6a-2f7e-4c55-8e1b-9a3f0d2c4e81", "object": "chat.completion",
                "created": 1741870512, "model": fm,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": p, "total_tokens": p + c, "completion_tokens": c}}
    one("fireworks", "api.fireworks.ai", "/inference/v1/chat/completions", fm,
        "Give a short tip for keeping basil alive indoors.",
        "Keep it on a bright sill, water when the top soil feels dry, and pinch off flower buds early.",
        24, 22, {"max_tokens": 100, "top_p": 1, "top_k": 40, "presence_penalty": 0,
                 "frequency_penalty": 0, "temperature": 0.6}, fireworks, resp_fmt=spaced)

    # Mistral
    mm = "mistral-small-latest"
    def mistral(text, p, c):
        return {"id": "4b7e2d19c8a54f03b6e1d2a9c7f05e38", "object": "chat.completion",
                "created": 1741870733, "model": mm,
                "usage": {"prompt_tokens": p, "total_tokens": p + c, "completion_tokens": c},
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "tool_calls": None, "content": text}}]}
    one("mistral", "api.mistral.ai", "/v1/chat/completions", mm,
        "Translate 'the train leaves at noon' into French.",
        "Le train part \u00e0 midi.", 19, 8,
        {"temperature": 0.2, "max_tokens": 40, "safe_prompt": False, "random_seed": 42}, mistral)

    # OpenRouter
    om = "openai/gpt-4o-mini"
    def openrouter(text, p, c):
        return {"id": "gen-1741870901-Xk4Lm8Qp2Rt6Vw0Yz3Bc", "provider": "Azure", "model": om,
                "object": "chat.completion", "created": 1741870901,
                "choices": [{"logprobs": None, "finish_reason": "stop", "native_finish_reason": "stop",
                             "index": 0, "message": {"role": "assistant", "content": text,
                                                     "refusal": None, "reasoning": None}}],
                "system_fingerprint": "fp_efad92c60b",
                "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c,
                          "cost": 0.0000228, "is_byok": False,
                          "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                          "cost_details": {"upstream_inference_cost": None},
                          "completion_tokens_details": {"reasoning_tokens": 0, "image_tokens": 0}}}
    one("openrouter", "openrouter.ai", "/api/v1/chat/completions", om,
        "What is a good name for a grey cat who likes boxes?",
        "Cardboard Earl Grey \u2014 \u201cEarl\u201d for short.", 24, 14,
        {"provider": {"order": ["azure", "openai"], "allow_fallbacks": True},
         "transforms": [], "max_tokens": 50}, openrouter, resp_fmt=ascii_)

    # DeepInfra
    dm = "meta-llama/Meta-Llama-3.1-8B-Instruct"
    def deepinfra(text, p, c):
        return {"id": "chatcmpl-5e0c3b8d91a74f26b1c8e4d7a2f93b60", "object": "chat.completion",
                "created": 1741871102, "model": dm,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text,
                                                     "name": None, "tool_calls": None},
                             "finish_reason": "stop", "logprobs": None}],
                "usage": {"prompt_tokens": p, "total_tokens": p + c, "completion_tokens": c,
                          "estimated_cost": 0.00000186}}
    one("deepinfra", "api.deepinfra.com", "/v1/openai/chat/completions", dm,
        "How long should I steep green tea?",
        "About two minutes in water around 80 \u00b0C; longer turns it bitter.", 44, 18,
        {"max_tokens": 60}, deepinfra, system="Be brief and practical.")

    # Perplexity
    pm = "sonar-pro"
    def perplexity(text, p, c):
        return {"id": "a3c9e1f4-7b2d-4e86-9f05-1d8c6b2a7e34", "model": pm, "created": 1741871350,
                "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c,
                          "search_context_size": "low",
                          "cost": {"input_tokens_cost": 0.000063, "output_tokens_cost": 0.00072,
                                   "request_cost": 0.006, "total_cost": 0.006783}},
                "citations": ["https://tides.example.org/harbor/2025-03",
                              "https://news.example.com/coast/tide-tables-explained"],
                "search_results": [
                    {"title": "Harbour tide tables, March", "url": "https://tides.example.org/harbor/2025-03",
                     "date": "2025-03-01", "last_updated": "2025-03-10"},
                    {"title": "How tide tables are computed", "url": "https://news.example.com/coast/tide-tables-explained",
                     "date": "2024-11-18", "last_updated": "2025-01-05"}],
                "object": "chat.completion",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": text},
                             "delta": {"role": "assistant", "content": ""}}]}
    one("perplexity", "api.perplexity.ai", "/chat/completions", pm,
        "Why do tide times shift by about an hour each day?",
        "Because the Moon moves along its orbit, Earth needs roughly 50 extra minutes each day to face it again [1][2].",
        17, 26, {"search_recency_filter": "month", "return_related_questions": False,
                 "web_search_options": {"search_context_size": "low"}}, perplexity)

    # vLLM (self-hosted)
    vm = "Qwen/Qwen2.5-7B-Instruct"
    def vllm(text, p, c):
        return {"id": "chatcmpl-0f6e2a9d4c1b48e7a3d5c8b2e9f1a7d4", "object": "chat.completion",
                "created": 1741871600, "model": vm,
                "choices": [{"index": 0, "message": {"role": "assistant", "reasoning_content": None,
                                                     "content": text, "tool_calls": []},
                             "logprobs": None, "finish_reason": "stop", "stop_reason": None}],
                "usage": {"prompt_tokens": p, "total_tokens": p + c, "completion_tokens": c,
                          "prompt_tokens_details": None},
                "prompt_logprobs": None, "kv_transfer_params": None}
    one("vllm", "vllm-node-3.internal:8000", "/v1/chat/completions", vm,
        "\u7528\u4e00\u53e5\u8bdd\u89e3\u91ca\u4ec0\u4e48\u662f\u7f13\u5b58\u3002",
        "\u7f13\u5b58\u5c31\u662f\u628a\u5e38\u7528\u7684\u6570\u636e\u653e\u5728\u66f4\u5feb\u7684\u5730\u65b9\uff0c\u4e0b\u6b21\u76f4\u63a5\u53d6\u7528\u3002",
        36, 19, {"max_tokens": 64, "temperature": 0.7, "top_k": 20, "repetition_penalty": 1.05},
        vllm, system="You are a helpful assistant.", req_fmt=ascii_)

    # LemonFox chat
    lm = "llama-8b-chat"
    def lemonfox(text, p, c):
        return {"id": "chatcmpl-lf-7d2a9c4e1b", "object": "chat.completion", "created": 1741871800,
                "model": lm,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}}
    one("lemonfox", "api.lemonfox.ai", "/v1/chat/completions", lm,
        "Write a one-line caption for a photo of a rainy market.",
        "Umbrellas bloom between the stalls while the oranges stay bright.", 21, 14,
        {"max_tokens": 40}, lemonfox)

    # Azure OpenAI: deployment in the path, no model in the body
    am = "gpt-4o-2024-11-20"
    cf = {"hate": {"filtered": False, "severity": "safe"},
          "self_harm": {"filtered": False, "severity": "safe"},
          "sexual": {"filtered": False, "severity": "safe"},
          "violence": {"filtered": False, "severity": "safe"}}
    def azure(text, p, c):
        return {"choices": [{"content_filter_results": {**cf, "protected_material_code": {"filtered": False, "detected": False},
                                                        "protected_material_text": {"filtered": False, "detected": False}},
                             "finish_reason": "stop", "index": 0, "logprobs": None,
                             "message": {"annotations": [], "content": text, "refusal": None,
                                         "role": "assistant"}}],
                "created": 1741872010, "id": "chatcmpl-B9zK3rTn6Vc1MxQa8LpD5wEs0HyFj",
                "model": am, "object": "chat.completion",
                "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {
                    **cf, "jailbreak": {"filtered": False, "detected": False}}}],
                "system_fingerprint": "fp_ee1d74bde0",
                "usage": usage_openai(p, c)}
    one("azure", "myres.openai.azure.com",
        "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21", None,
        "Draft a subject line for a meeting about the Q3 budget.",
        "Q3 budget review: priorities, cuts and next steps", 31, 12,
        {"max_tokens": 30, "temperature": 0.4}, azure, system="You write short, plain email subject lines.",
        rmodel=am, resp_fmt=pretty)


# ---------------------------------------------------------------- openai.completions
def openai_completions():
    api, host, path = "openai.completions", "api.openai.com", "/v1/completions"
    d = api + "/"
    model = "gpt-3.5-turbo-instruct"
    prompt = "Write a tagline for a lighthouse-themed caf\u00e9:\n"
    text = "\n\n\u201cWhere every cup guides you home.\u201d"
    p, c = 14, 11
    req = {"model": model, "prompt": prompt, "max_tokens": 24, "temperature": 0.8}
    resp = {"id": "cmpl-B9vF2hRk7Ym4TqZc1WnP8sLd3XaJe", "object": "text_completion",
            "created": 1741872500, "model": model,
            "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}}
    exp = {"response_model": model, "finish_reason": "stop", "input_tokens": p,
           "output_tokens": c, "total_tokens": p + c, "output_text": text}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", spaced(req)), JSON,
        write(d + "plain.response.json", pretty(resp)), JSON,
        expect=dict(exp, response_id=resp["id"]))
    sid = "cmpl-B9vF6cNw2Ks9PaXr4TdM7qHy1VbLo"
    base = {"id": sid, "object": "text_completion", "created": 1741872531, "model": model}
    ev = [dict(base, choices=[{"text": t, "index": 0, "logprobs": None, "finish_reason": None}],
               usage=None) for t in ["\n\n", "\u201cWhere", " every", " cup", " guides",
                                     " you", " home", ".\u201d"]]
    assert "".join(e["choices"][0]["text"] for e in ev) == text
    ev.append(dict(base, choices=[{"text": "", "index": 0, "logprobs": None, "finish_reason": "stop"}],
                   usage=None))
    ev.append(dict(base, choices=[], usage={"prompt_tokens": p, "completion_tokens": c,
                                            "total_tokens": p + c}))
    add(api + "/stream", api, host, path, model, 200,
        write(d + "stream.request.json", spaced(dict(req, stream=True,
                                                     stream_options={"include_usage": True}))), JSON,
        write(d + "stream.response.sse", sse([(None, ascii_(e)) for e in ev] + [(None, "[DONE]")])),
        SSE, stream=True, same_as=api + "/plain", expect=dict(exp, response_id=sid))


# ---------------------------------------------------------------- openai.embeddings
def vec(rng, dim):
    v = [rng.uniform(-0.6, 0.6) for _ in range(dim)]
    n = sum(x * x for x in v) ** 0.5
    # round-trip through float32 so the float and base64 forms agree exactly
    return [struct.unpack("<f", struct.pack("<f", x / n))[0] for x in v]


def openai_embeddings():
    api, host, path = "openai.embeddings", "api.openai.com", "/v1/embeddings"
    d = api + "/"
    rng = random.Random(11)
    # float, one input
    model = "text-embedding-3-small"
    v = vec(rng, 8)
    req = {"model": model, "input": "A quiet street after the rain.", "dimensions": 8,
           "encoding_format": "float"}
    resp = {"object": "list", "data": [{"object": "embedding", "index": 0,
                                        "embedding": [float("%.9g" % x) for x in v]}],
            "model": model, "usage": {"prompt_tokens": 7, "total_tokens": 7}}
    add(api + "/float", api, host, path, model, 200,
        write(d + "float.request.json", spaced(req)), JSON,
        write(d + "float.response.json", pretty(resp)), JSON,
        expect={"response_model": model, "input_tokens": 7, "total_tokens": 7,
                "embedding_count": 1, "embedding_dimension": 8})
    # base64: little-endian float32s
    model = "text-embedding-3-large"
    vs = [vec(rng, 8), vec(rng, 8)]
    inputs = ["Invoice overdue by two weeks", "Payment received, thank you"]
    req = {"model": model, "input": inputs, "dimensions": 8, "encoding_format": "base64"}
    resp = {"object": "list",
            "data": [{"object": "embedding", "index": i,
                      "embedding": base64.b64encode(struct.pack("<8f", *x)).decode()}
                     for i, x in enumerate(vs)],
            "model": model, "usage": {"prompt_tokens": 11, "total_tokens": 11}}
    add(api + "/base64", api, host, path, model, 200,
        write(d + "base64.request.json", compact(req)), JSON,
        write(d + "base64.response.json", compact(resp)), JSON,
        expect={"response_model": model, "input_tokens": 11, "total_tokens": 11,
                "embedding_count": 2, "embedding_dimension": 8})
    # multiple inputs, float, older model
    model = "text-embedding-ada-002"
    inputs = ["red kite", "kestrel hovering over a verge", "a heron on one leg", "starlings at dusk"]
    vs = [vec(rng, 16) for _ in inputs]
    req = {"model": model, "input": inputs}
    resp = {"object": "list",
            "data": [{"object": "embedding", "index": i, "embedding": [float("%.9g" % y) for y in x]}
                     for i, x in enumerate(vs)],
            "model": model + "-v2", "usage": {"prompt_tokens": 19, "total_tokens": 19}}
    add(api + "/multiple", api, host, path, model, 200,
        write(d + "multiple.request.json", spaced(req)), JSON,
        write(d + "multiple.response.json", compact(resp)), JSON,
        expect={"response_model": model + "-v2", "input_tokens": 19, "total_tokens": 19,
                "embedding_count": 4, "embedding_dimension": 16},
        note="dimension shortened to 16 to keep the file small; the real model returns 1536")


# ---------------------------------------------------------------- openai.responses
def openai_responses():
    api, host, path = "openai.responses", "api.openai.com", "/v1/responses"
    d = api + "/"
    model, rmodel = "o4-mini", "o4-mini-2025-04-16"
    instructions = "Answer as a patient maths tutor, in two sentences at most."
    user = "Why is 0.1 + 0.2 not exactly 0.3 in floating point?"
    text = ("Neither 0.1 nor 0.2 has an exact binary form, so each is stored as the nearest double. "
            "Their rounded sum lands a hair above 0.3 \u2014 0.30000000000000004.")
    inp, cached, out, reas = 1290, 1024, 251, 192
    usage = {"input_tokens": inp, "input_tokens_details": {"cached_tokens": cached},
             "output_tokens": out, "output_tokens_details": {"reasoning_tokens": reas},
             "total_tokens": inp + out}
    req = {"model": model, "instructions": instructions,
           "input": [{"role": "user", "content": [{"type": "input_text", "text": user}]}],
           "reasoning": {"effort": "medium"}, "max_output_tokens": 2000}

    def response(rid, msg_id, rs_id, status, created, output, usage):
        return {"id": rid, "object": "response", "created_at": created, "status": status,
                "background": False, "error": None, "incomplete_details": None,
                "instructions": instructions, "max_output_tokens": 2000, "max_tool_calls": None,
                "model": rmodel, "output": output, "parallel_tool_calls": True,
                "previous_response_id": None, "prompt_cache_key": None,
                "reasoning": {"effort": "medium", "summary": None}, "safety_identifier": None,
                "service_tier": "default", "store": True, "temperature": 1.0,
                "text": {"format": {"type": "text"}, "verbosity": "medium"},
                "tool_choice": "auto", "tools": [], "top_logprobs": 0, "top_p": 1.0,
                "truncation": "disabled", "usage": usage, "user": None, "metadata": {}}

    def items(msg_id, rs_id):
        return [{"id": rs_id, "type": "reasoning", "summary": []},
                {"id": msg_id, "type": "message", "status": "completed",
                 "content": [{"type": "output_text", "annotations": [], "logprobs": [], "text": text}],
                 "role": "assistant"}]

    rid = "resp_67d2a1f0c3b48190a5e6d7c8b9f0a1b20e3d4c5b6a7f8e9d"
    msg, rs = "msg_67d2a1f4e8c08190b1a2c3d4e5f6a7b80e3d4c5b6a7f8e9d", "rs_67d2a1f1d2e38190c4b5a6d7e8f9a0b10e3d4c5b6a7f8e9d"
    resp = response(rid, msg, rs, "completed", 1741873000, items(msg, rs), usage)
    exp = {"response_model": rmodel, "input_tokens": inp, "output_tokens": out,
           "total_tokens": inp + out, "output_text": text, "system": instructions,
           "input_message_count": 1, "cache_read_tokens": cached, "reasoning_tokens": reas,
           "status": "completed"}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", spaced(req)), JSON,
        write(d + "plain.response.json", pretty(resp)), JSON,
        expect=dict(exp, response_id=rid))

    rid = "resp_67d2a2b5e1f08190d6c7b8a9f0e1d2c30f4e5d6c7b8a9f0e"
    msg, rs = "msg_67d2a2b9a4d48190e7f8a9b0c1d2e3f40f4e5d6c7b8a9f0e", "rs_67d2a2b6b7c68190f8a9b0c1d2e3f4a50f4e5d6c7b8a9f0e"
    seq = [0]
    def ev(kind, **kw):
        e = {"type": kind, "sequence_number": seq[0]}
        e.update(kw)
        seq[0] += 1
        return (kind, compact(e))
    start = response(rid, msg, rs, "in_progress", 1741873044, [], None)
    full = items(msg, rs)
    events = [ev("response.created", response=start), ev("response.in_progress", response=start),
              ev("response.output_item.added", output_index=0, item={"id": rs, "type": "reasoning", "summary": []}),
              ev("response.output_item.done", output_index=0, item=full[0]),
              ev("response.output_item.added", output_index=1,
                 item={"id": msg, "type": "message", "status": "in_progress", "content": [], "role": "assistant"}),
              ev("response.content_part.added", item_id=msg, output_index=1, content_index=0,
                 part={"type": "output_text", "annotations": [], "logprobs": [], "text": ""})]
    for piece in pieces(text):
        events.append(ev("response.output_text.delta", item_id=msg, output_index=1, content_index=0,
                         delta=piece, logprobs=[], obfuscation="Qx"))
    events += [ev("response.output_text.done", item_id=msg, output_index=1, content_index=0,
                  text=text, logprobs=[]),
               ev("response.content_part.done", item_id=msg, output_index=1, content_index=0,
                  part=full[1]["content"][0]),
               ev("response.output_item.done", output_index=1, item=full[1]),
               ev("response.completed", response=response(rid, msg, rs, "completed", 1741873044, full, usage))]
    add(api + "/stream", api, host, path, model, 200,
        write(d + "stream.request.json", spaced(dict(req, stream=True))), JSON,
        write(d + "stream.response.sse", sse(events)), SSE_UTF8, stream=True,
        same_as=api + "/plain", expect=dict(exp, response_id=rid))


# ---------------------------------------------------------------- openai.audio_transcriptions
BOUNDARY = "----GatewayMapperFormBoundary7MA4YWxkTrZu0gW"
MP_CT = "multipart/form-data; boundary=" + BOUNDARY
FAKE_MP3 = (b"ID3\x04\x00\x00\x00\x00\x00\x0f" + b"TSSE\x00\x00\x00\x05\x00\x00Lavf"
            + b"\xff\xfb\x90\x64\x00\x0f\xf0\x00\x00\x69\x00\x00\x00\x08\x00\x00\x0d\x20"
            + bytes(range(0x80, 0x98)) + b"\x00\xc3\x28\xff\xfe")


def multipart(fields, filename="memo.mp3"):
    out = b""
    out += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: audio/mpeg\r\n\r\n" % (BOUNDARY, filename)).encode() + FAKE_MP3 + b"\r\n"
    for k, v in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (BOUNDARY, k, v)).encode("utf-8")
    return out + ("--%s--\r\n" % BOUNDARY).encode()


def openai_audio():
    api = "openai.audio_transcriptions"
    d = api + "/"
    model = "whisper-1"
    text = "Reminder for Thursday: the loading dock closes at four, so book deliveries before noon."
    host, path = "api.openai.com", "/v1/audio/transcriptions"
    add(api + "/json", api, host, path, model, 200,
        write(d + "json.request.multipart", multipart([("model", model), ("response_format", "json"),
                                                       ("language", "en"), ("temperature", "0")])), MP_CT,
        write(d + "json.response.json", pretty({"text": text, "usage": {"type": "duration", "seconds": 6}})), JSON,
        expect={"output_text": text})
    words_raw = text.split(" ")
    t, words = 0.0, []
    for w in words_raw:
        dur = 0.12 + 0.035 * len(w)
        words.append({"word": w.strip(":,."), "start": round(t, 2), "end": round(t + dur, 2)})
        t += dur + 0.06
    cut = 6
    seg_text = [" " + " ".join(words_raw[:cut]), " " + " ".join(words_raw[cut:])]
    segs = []
    for i, st in enumerate(seg_text):
        a = words[0]["start"] if i == 0 else words[cut]["start"]
        b = words[cut - 1]["end"] if i == 0 else words[-1]["end"]
        segs.append({"id": i, "seek": 0, "start": a, "end": b, "text": st,
                     "tokens": [50364 + i] + list(range(1000 + 37 * i, 1008 + 37 * i)) + [50600 + i],
                     "temperature": 0.0, "avg_logprob": -0.21 - 0.04 * i, "compression_ratio": 1.12,
                     "no_speech_prob": 0.0031})
    vj = {"task": "transcribe", "language": "english", "duration": round(words[-1]["end"] + 0.3, 2),
          "text": text, "words": words, "segments": segs,
          "usage": {"type": "duration", "seconds": 6}}
    add(api + "/verbose_json", api, host, path, model, 200,
        write(d + "verbose_json.request.multipart",
              multipart([("model", model), ("response_format", "verbose_json"),
                         ("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment"),
                         ("language", "en"), ("temperature", "0.2")])), MP_CT,
        write(d + "verbose_json.response.json", compact(vj)), JSON,
        expect={"output_text": text})
    add(api + "/text", api, host, path, model, 200,
        write(d + "text.request.multipart", multipart([("model", model), ("response_format", "text"),
                                                       ("language", "en")])), MP_CT,
        write(d + "text.response.txt", text + "\n"), "text/plain; charset=utf-8",
        expect={"output_text": text + "\n"})
    # LemonFox: the same API on its own host
    ltext = "Bonjour \u00e0 tous, la r\u00e9union commence dans cinq minutes."
    add(api + "/lemonfox", api, "api.lemonfox.ai", "/v1/audio/transcriptions", "whisper-1", 200,
        write(d + "lemonfox.request.multipart",
              multipart([("model", model), ("response_format", "json"), ("language", "french")],
                        filename="annonce.mp3")), MP_CT,
        write(d + "lemonfox.response.json", compact({"text": ltext})), JSON,
        expect={"output_text": ltext})


# ---------------------------------------------------------------- openai.images_generations
def openai_images():
    api, host, path = "openai.images_generations", "api.openai.com", "/v1/images/generations"
    d = api + "/"
    model = "gpt-image-1"
    prompt = "A watercolour fox reading a paper map under a lantern"
    req = {"model": model, "prompt": prompt, "n": 1, "size": "1024x1024", "quality": "low"}
    resp = {"created": 1741874000, "background": "opaque", "output_format": "png", "quality": "low",
            "size": "1024x1024",
            "data": [{"b64_json": tiny_png()}],
            "usage": {"input_tokens": 17, "input_tokens_details": {"image_tokens": 0, "text_tokens": 17},
                      "output_tokens": 272, "total_tokens": 289}}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", spaced(req)), JSON,
        write(d + "plain.response.json", pretty(resp)), JSON,
        expect={"input_tokens": 17, "output_tokens": 272, "total_tokens": 289, "image_count": 1})
    model = "dall-e-3"
    req = {"model": model, "prompt": "A tiny robot watering a bonsai, studio light", "n": 1,
           "size": "1024x1024", "response_format": "url", "style": "natural"}
    resp = {"created": 1741874100,
            "data": [{"revised_prompt": "A small silver robot with round eyes carefully waters a bonsai tree on a wooden bench, lit by soft studio lights.",
                      "url": "https://images.example.net/gen/img-4Fz8QwK2rLm0.png?se=2025-03-13T14%3A55%3A00Z&sig=Zm9vYmFy"}]}
    add(api + "/url", api, host, path, model, 200,
        write(d + "url.request.json", spaced(req)), JSON,
        write(d + "url.response.json", pretty(resp)), JSON,
        expect={"image_count": 1})


# ---------------------------------------------------------------- anthropic.messages
def anthropic():
    api, host, path = "anthropic.messages", "api.anthropic.com", "/v1/messages"
    d = api + "/"

    def usage(i, o, cw=0, cr=0):
        return {"input_tokens": i, "cache_creation_input_tokens": cw, "cache_read_input_tokens": cr,
                "cache_creation": {"ephemeral_5m_input_tokens": cw, "ephemeral_1h_input_tokens": 0},
                "output_tokens": o, "service_tier": "standard"}

    # plain + stream
    model = "claude-3-5-haiku-20241022"
    system = "You are a concise travel phrasebook."
    user = "How do I say 'good morning' in Mandarin?"
    text = ("\u65e9\u4e0a\u597d (z\u01ceoshang h\u01ceo) is the everyday greeting. "
            "After midday, switch to \u4e0b\u5348\u597d (xi\u00e0w\u01d4 h\u01ceo).")
    i, o = 27, 38
    req = {"model": model, "max_tokens": 256, "system": system,
           "messages": [{"role": "user", "content": user}]}
    resp = {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
            "model": model, "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn", "stop_sequence": None, "usage": usage(i, o)}
    exp = {"response_model": model, "finish_reason": "end_turn", "input_tokens": i,
           "output_tokens": o, "output_text": text, "system": system, "input_message_count": 1,
           "cache_read_tokens": 0}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", compact(req)), JSON,
        write(d + "plain.response.json", ascii_(resp)), JSON,
        expect=dict(exp, response_id=resp["id"]))
    sid = "msg_01Hq8RkW3vTzLm5NcYpJ2dXa"
    start = {"id": sid, "type": "message", "role": "assistant", "model": model, "content": [],
             "stop_reason": None, "stop_sequence": None, "usage": usage(i, 1)}
    evs = [("message_start", {"type": "message_start", "message": start}),
           ("content_block_start", {"type": "content_block_start", "index": 0,
                                    "content_block": {"type": "text", "text": ""}}),
           ("ping", {"type": "ping"})]
    for piece in pieces(text):
        evs.append(("content_block_delta", {"type": "content_block_delta", "index": 0,
                                            "delta": {"type": "text_delta", "text": piece}}))
    evs += [("content_block_stop", {"type": "content_block_stop", "index": 0}),
            ("message_delta", {"type": "message_delta",
                               "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                               "usage": {"output_tokens": o}}),
            ("message_stop", {"type": "message_stop"})]
    add(api + "/stream", api, host, path, model, 200,
        write(d + "stream.request.json", compact(dict(req, stream=True))), JSON,
        write(d + "stream.response.sse", sse([(n, compact(e)) for n, e in evs])), SSE_UTF8,
        stream=True, same_as=api + "/plain", expect=dict(exp, response_id=sid))

    # system as blocks, prompt caching
    model = "claude-3-7-sonnet-20250219"
    blocks = [{"type": "text", "text": "You review pull requests for a Swift codebase."},
              {"type": "text", "text": "House style: value types first; no force unwraps outside tests; "
                                       "every public symbol has a one-line doc comment; errors carry "
                                       "the byte offset where parsing failed; prefer small files.",
               "cache_control": {"type": "ephemeral"}}]
    user = "Review this: `let n = Int(s)!` inside the config loader."
    text = ("Replace the force unwrap: loading config must not trap on bad input. Use "
            "`guard let n = Int(s) else { throw ConfigError.notAnInteger(key:offset:) }` so the "
            "caller sees which key failed.")
    i, o, cr = 38, 61, 2048
    req = {"model": model, "max_tokens": 1024, "system": blocks,
           "messages": [{"role": "user", "content": [{"type": "text", "text": user}]}],
           "temperature": 0}
    resp = {"id": "msg_01Ab3CdE4fGh5IjK6lMn7OpQ", "type": "message", "role": "assistant",
            "model": model, "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn", "stop_sequence": None, "usage": usage(i, o, 0, cr)}
    add(api + "/system_blocks", api, host, path, model, 200,
        write(d + "system_blocks.request.json", spaced(req)), JSON,
        write(d + "system_blocks.response.json", compact(resp)), JSON,
        expect={"response_model": model, "response_id": resp["id"], "finish_reason": "end_turn",
                "input_tokens": i, "output_tokens": o, "output_text": text,
                "system": "\n".join(b["text"] for b in blocks), "input_message_count": 1,
                "cache_read_tokens": cr, "cache_creation_tokens": 0})

    # tools
    model = "claude-sonnet-4-20250514"
    text = "I'll check the current weather in Lyon first."
    tin = {"city": "Lyon", "unit": "celsius"}
    i, o = 412, 71
    req = {"model": model, "max_tokens": 1024,
           "tools": [{"name": "get_weather", "description": WEATHER_DESC, "input_schema": WEATHER_PARAMS}],
           "tool_choice": {"type": "auto"},
           "messages": [{"role": "user", "content": "Should I pack an umbrella for Lyon today?"}]}
    resp = {"id": "msg_01Tq7WxYz2AbC3dEf4GhI5jK", "type": "message", "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": text},
                        {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                         "input": tin}],
            "stop_reason": "tool_use", "stop_sequence": None, "usage": usage(i, o)}
    add(api + "/tools", api, host, path, model, 200,
        write(d + "tools.request.json", compact(req)), JSON,
        write(d + "tools.response.json", compact(resp)), JSON,
        expect={"response_model": model, "response_id": resp["id"], "finish_reason": "tool_use",
                "input_tokens": i, "output_tokens": o, "output_text": text, "input_message_count": 1,
                "tool_calls": [{"id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                                "arguments": compact(tin)}]})

    # tool result follow-up: assistant tool_use + user tool_result in the request
    model = "claude-3-5-sonnet-20241022"
    text = "It is 14 \u00b0C with light rain in Lyon, so yes \u2014 pack the umbrella."
    i, o = 498, 24
    req = {"model": model, "max_tokens": 1024,
           "tools": [{"name": "get_weather", "description": WEATHER_DESC, "input_schema": WEATHER_PARAMS}],
           "messages": [{"role": "user", "content": "Should I pack an umbrella for Lyon today?"},
                        {"role": "assistant", "content": [
                            {"type": "text", "text": "I'll check the current weather in Lyon first."},
                            {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9",
                             "name": "get_weather", "input": tin}]},
                        {"role": "user", "content": [
                            {"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9",
                             "content": "14 C, light rain, wind 11 km/h"}]}]}
    resp = {"id": "msg_01Vb8NmQ3rSt4UvW5xYz6AbC", "type": "message", "role": "assistant",
            "model": model, "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn", "stop_sequence": None, "usage": usage(i, o)}
    add(api + "/tool_result", api, host, path, model, 200,
        write(d + "tool_result.request.json", compact(req)), JSON,
        write(d + "tool_result.response.json", compact(resp)), JSON,
        expect={"response_model": model, "response_id": resp["id"], "finish_reason": "end_turn",
                "input_tokens": i, "output_tokens": o, "output_text": text, "input_message_count": 3})

    # extended thinking
    model = "claude-opus-4-20250514"
    thinking = ("The user wants the number of Tuesdays. March 2025 starts on a Saturday; "
                "Tuesdays fall on the 4th, 11th, 18th and 25th. That is four.")
    text = "March 2025 has four Tuesdays: the 4th, 11th, 18th and 25th."
    i, o = 46, 118
    req = {"model": model, "max_tokens": 4096, "thinking": {"type": "enabled", "budget_tokens": 2048},
           "messages": [{"role": "user", "content": "How many Tuesdays are in March 2025?"}]}
    resp = {"id": "msg_01Ks2LmN3oPq4RsT5uVw6XyZ", "type": "message", "role": "assistant",
            "model": model,
            "content": [{"type": "thinking", "thinking": thinking,
                         "signature": "EqoBCkgIARABGAIiQL2x0vN5kq7Zc1Pm4Hs8Tj2Wd6Yf0Ra3Gb9Ke5Lc7Mn1Qp4"
                                      "Sv8Xw2Zy6Ab0Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5EgwIGeQ1+AbCdEf"},
                        {"type": "text", "text": text}],
            "stop_reason": "end_turn", "stop_sequence": None, "usage": usage(i, o)}
    add(api + "/thinking", api, host, path, model, 200,
        write(d + "thinking.request.json", compact(req)), JSON,
        write(d + "thinking.response.json", compact(resp)), JSON,
        expect={"response_model": model, "response_id": resp["id"], "finish_reason": "end_turn",
                "input_tokens": i, "output_tokens": o, "output_text": text,
                "reasoning_text": thinking, "input_message_count": 1})


# ---------------------------------------------------------------- google.generate_content
def google():
    api, host = "google.generate_content", "generativelanguage.googleapis.com"
    d = api + "/"
    model, version = "gemini-1.5-flash", "gemini-1.5-flash-002"
    system = "You name things for a small pottery studio."
    user = "Suggest a name for a glaze that looks like sea foam."
    text = ("How about \u201cBrume Marine\u201d? It evokes the pale, misty green of surf "
            "breaking over dark rocks.")
    p, c = 21, 24
    req = {"systemInstruction": {"parts": [{"text": system}]},
           "contents": [{"role": "user", "parts": [{"text": user}]}],
           "generationConfig": {"temperature": 0.9, "topP": 0.95, "maxOutputTokens": 256},
           "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_MEDIUM_AND_ABOVE"}]}
    usage = {"promptTokenCount": p, "candidatesTokenCount": c, "totalTokenCount": p + c,
             "promptTokensDetails": [{"modality": "TEXT", "tokenCount": p}],
             "candidatesTokensDetails": [{"modality": "TEXT", "tokenCount": c}]}
    resp = {"candidates": [{"content": {"parts": [{"text": text}], "role": "model"},
                            "finishReason": "STOP", "avgLogprobs": -0.2137419}],
            "usageMetadata": usage, "modelVersion": version, "responseId": "kXzTZ6bYF9mQz7IPq8W-sAw"}
    exp = {"response_model": version, "finish_reason": "STOP", "input_tokens": p, "output_tokens": c,
           "total_tokens": p + c, "output_text": text, "system": system, "input_message_count": 1}
    add(api + "/plain", api, host, "/v1beta/models/%s:generateContent" % model, model, 200,
        write(d + "plain.request.json", pretty(req)), JSON,
        write(d + "plain.response.json", pretty(resp)), JSON,
        expect=dict(exp, response_id=resp["responseId"]))
    # alt=sse: data-only events, CRLF line endings, usageMetadata complete in the last chunk
    rid = "oXzTZ4DnNLqGz7IP0bLG-Ak"
    chunks = ["How about \u201cBrume", " Marine\u201d? It evokes the pale,",
              " misty green of surf breaking over dark rocks."]
    assert "".join(chunks) == text
    ev = []
    for k, ch in enumerate(chunks):
        last = k == len(chunks) - 1
        cand = {"content": {"parts": [{"text": ch}], "role": "model"}}
        if last:
            cand["finishReason"] = "STOP"
        cand["index"] = 0
        # usageMetadata repeats on every chunk and is cumulative; the last one is the call's count
        so_far = [8, 17, c][k]
        u = usage if last else {"promptTokenCount": p, "candidatesTokenCount": so_far,
                                "totalTokenCount": p + so_far,
                                "promptTokensDetails": [{"modality": "TEXT", "tokenCount": p}]}
        ev.append({"candidates": [cand], "usageMetadata": u, "modelVersion": version, "responseId": rid})
    add(api + "/stream", api, host, "/v1beta/models/%s:streamGenerateContent?alt=sse" % model, model, 200,
        write(d + "stream.request.json", compact(req)), JSON,
        write(d + "stream.response.sse", sse([(None, gemini_sse(e)) for e in ev], eol="\r\n")), SSE,
        stream=True, same_as=api + "/plain", line_endings="crlf", expect=dict(exp, response_id=rid))
    # function call
    model, version = "gemini-2.0-flash", "gemini-2.0-flash"
    args = {"city": "Lyon", "unit": "celsius"}
    req = {"contents": [{"role": "user", "parts": [{"text": "Do I need a coat in Lyon this evening?"}]}],
           "tools": [{"functionDeclarations": [{"name": "get_weather", "description": WEATHER_DESC,
                                                "parameters": {"type": "OBJECT", "properties": {
                                                    "city": {"type": "STRING"},
                                                    "unit": {"type": "STRING", "enum": ["celsius", "fahrenheit"]}},
                                                    "required": ["city"]}}]}],
           "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}}}
    p, c = 58, 9
    resp = {"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather", "args": args}}],
                                        "role": "model"},
                            "finishReason": "STOP", "avgLogprobs": -0.00041}],
            "usageMetadata": {"promptTokenCount": p, "candidatesTokenCount": c, "totalTokenCount": p + c,
                              "promptTokensDetails": [{"modality": "TEXT", "tokenCount": p}],
                              "candidatesTokensDetails": [{"modality": "TEXT", "tokenCount": c}]},
            "modelVersion": version, "responseId": "r3zTZ_qLKs6Hz7IPnZO1mQk"}
    add(api + "/function_call", api, host, "/v1beta/models/%s:generateContent" % model, model, 200,
        write(d + "function_call.request.json", spaced(req)), JSON,
        write(d + "function_call.response.json", pretty(resp)), JSON,
        expect={"response_model": version, "response_id": resp["responseId"], "finish_reason": "STOP",
                "input_tokens": p, "output_tokens": c, "total_tokens": p + c, "input_message_count": 1,
                "tool_calls": [{"name": "get_weather", "arguments": compact(args)}]})


# ---------------------------------------------------------------- cohere
def cohere():
    api, host, path = "cohere.chat_v2", "api.cohere.com", "/v2/chat"
    d = api + "/"
    model = "command-r-plus-08-2024"
    system = "You write friendly reminders for a community garden."
    user = "Remind members that the compost bins get turned on Saturday."
    text = ("Hi gardeners! \U0001F331 The compost bins get turned this Saturday at 9 \u2014 "
            "gloves and forks provided, coffee too.")
    bi, bo, ti, to = 19, 27, 214, 27
    usage = {"billed_units": {"input_tokens": bi, "output_tokens": bo},
             "tokens": {"input_tokens": ti, "output_tokens": to}}
    req = {"model": model, "messages": [{"role": "system", "content": system},
                                        {"role": "user", "content": user}],
           "temperature": 0.3}
    resp = {"id": "5a1f7e3c-2b9d-4c68-8e07-d4b1a9c3f265",
            "message": {"role": "assistant", "content": [{"type": "text", "text": text}]},
            "finish_reason": "COMPLETE", "usage": usage}
    exp = {"finish_reason": "COMPLETE", "input_tokens": ti, "output_tokens": to, "output_text": text,
           "system": system, "input_message_count": 2, "billed_input_tokens": bi,
           "billed_output_tokens": bo}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", spaced(req)), JSON,
        write(d + "plain.response.json", compact(resp)), JSON,
        expect=dict(exp, response_id=resp["id"]))
    sid = "9c3e1b7a-4d2f-4a85-b6e9-0f1c8d2a7b43"
    evs = [("message-start", {"id": sid, "type": "message-start",
                              "delta": {"message": {"role": "assistant", "content": [], "tool_plan": "",
                                                    "tool_calls": [], "citations": []}}}),
           ("content-start", {"type": "content-start", "index": 0,
                              "delta": {"message": {"content": {"type": "text", "text": ""}}}})]
    for piece in pieces(text):
        evs.append(("content-delta", {"type": "content-delta", "index": 0,
                                      "delta": {"message": {"content": {"text": piece}}}}))
    evs += [("content-end", {"type": "content-end", "index": 0}),
            ("message-end", {"type": "message-end", "delta": {"finish_reason": "COMPLETE", "usage": usage}})]
    add(api + "/stream", api, host, path, model, 200,
        write(d + "stream.request.json", spaced(dict(req, stream=True))), JSON,
        write(d + "stream.response.sse", sse([(n, ascii_(e)) for n, e in evs])), SSE,
        stream=True, same_as=api + "/plain", expect=dict(exp, response_id=sid))
    # tools
    model = "command-a-03-2025"
    args = '{"city":"Lyon","unit":"celsius"}'
    plan = "I will look up the current weather in Lyon, then answer."
    req = {"model": model, "messages": [{"role": "user", "content": "Is it jacket weather in Lyon?"}],
           "tools": [{"type": "function", "function": {"name": "get_weather", "description": WEATHER_DESC,
                                                       "parameters": WEATHER_PARAMS}}]}
    resp = {"id": "e8b2c4d6-1a3f-4e57-9b80-c2d4e6f8a0b1",
            "message": {"role": "assistant", "tool_plan": plan,
                        "tool_calls": [{"id": "get_weather_x7k2m9p4q1rs", "type": "function",
                                        "function": {"name": "get_weather", "arguments": args}}]},
            "finish_reason": "TOOL_CALL",
            "usage": {"billed_units": {"input_tokens": 36, "output_tokens": 22},
                      "tokens": {"input_tokens": 1102, "output_tokens": 58}}}
    add(api + "/tools", api, host, path, model, 200,
        write(d + "tools.request.json", compact(req)), JSON,
        write(d + "tools.response.json", compact(resp)), JSON,
        expect={"response_id": resp["id"], "finish_reason": "TOOL_CALL", "input_tokens": 1102,
                "output_tokens": 58, "input_message_count": 1, "tool_plan": plan,
                "tool_calls": [{"id": "get_weather_x7k2m9p4q1rs", "name": "get_weather", "arguments": args}]})

    # embed
    api, path = "cohere.embed", "/v2/embed"
    d = api + "/"
    model = "embed-v4.0"
    texts = ["Opening hours change for the spring holidays.", "The library is closed on public holidays."]
    rng = random.Random(23)
    vs = [[float("%.6g" % x) for x in vec(rng, 256)] for _ in texts]
    req = {"model": model, "texts": texts, "input_type": "search_document", "embedding_types": ["float"],
           "output_dimension": 256}
    resp = {"id": "b7d1e3f5-6a8c-4b0d-9e2f-1a3c5e7b9d02", "embeddings": {"float": vs}, "texts": texts,
            "meta": {"api_version": {"version": "2"}, "billed_units": {"input_tokens": 16}},
            "response_type": "embeddings_by_type"}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", spaced(req)), JSON,
        write(d + "plain.response.json", compact(resp)), JSON,
        expect={"response_id": resp["id"], "input_tokens": 16, "embedding_count": 2,
                "embedding_dimension": 256})
    # rerank
    api, path = "cohere.rerank", "/v2/rerank"
    d = api + "/"
    model = "rerank-v3.5"
    docs = ["Ferries to the island leave hourly from pier 4.",
            "The museum cafe serves soup until three.",
            "Island ferries run every 60 minutes in summer, every 90 in winter.",
            "Bicycle hire is available next to the station."]
    req = {"model": model, "query": "How often does the island ferry run?", "documents": docs, "top_n": 3}
    resp = {"results": [{"index": 2, "relevance_score": 0.91842}, {"index": 0, "relevance_score": 0.77305},
                        {"index": 3, "relevance_score": 0.01127}],
            "id": "c4e6a8b0-2d4f-4a6c-8e0b-3d5f7a9c1e24",
            "meta": {"api_version": {"version": "2"}, "billed_units": {"search_units": 1}}}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", spaced(req)), JSON,
        write(d + "plain.response.json", compact(resp)), JSON,
        expect={"response_id": resp["id"], "result_count": 3, "search_units": 1})


# ---------------------------------------------------------------- ollama
def ollama():
    host = "ollama-node-1.lan:11434"
    api, path = "ollama.chat", "/api/chat"
    d = api + "/"
    model = "llama3.1:8b"
    system = "You write haiku."
    user = "A haiku about a server room at night, please."
    text = "Fans hum in the dark\nblue lights blink like patient stars\nlogs scroll, no one reads"
    p, c = 31, 22
    stats = {"total_duration": 1843211042, "load_duration": 21588750, "prompt_eval_count": p,
             "prompt_eval_duration": 118000000, "eval_count": c, "eval_duration": 1689000000}
    req = {"model": model, "messages": [{"role": "system", "content": system},
                                        {"role": "user", "content": user}],
           "stream": False, "options": {"temperature": 0.8, "num_ctx": 4096}}
    resp = {"model": model, "created_at": "2025-03-13T09:14:27.512384Z",
            "message": {"role": "assistant", "content": text}, "done_reason": "stop", "done": True, **stats}
    exp = {"response_model": model, "finish_reason": "stop", "input_tokens": p, "output_tokens": c,
           "output_text": text, "system": system, "input_message_count": 2}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", compact(req)), JSON,
        write(d + "plain.response.json", compact(resp)), JSON, expect=exp)
    lines, t = [], 0
    for piece in pieces(text):
        t += 1
        lines.append({"model": model, "created_at": "2025-03-13T09:15:02.%06dZ" % (100000 + t * 7311),
                      "message": {"role": "assistant", "content": piece}, "done": False})
    lines.append({"model": model, "created_at": "2025-03-13T09:15:02.998100Z",
                  "message": {"role": "assistant", "content": ""}, "done_reason": "stop", "done": True,
                  **stats})
    add(api + "/stream", api, host, path, model, 200,
        write(d + "stream.request.json", compact(dict(req, stream=True))), JSON,
        write(d + "stream.response.ndjson", ndjson(lines)), NDJ, stream=True, same_as=api + "/plain",
        expect=exp)

    api, path = "ollama.generate", "/api/generate"
    d = api + "/"
    host = "ollama-node-2.lan:11434"
    model = "qwen2.5-coder:7b"
    prompt = "One shell command that counts the lines in every .swift file under the current directory."
    text = "find . -name '*.swift' -print0 | xargs -0 cat | wc -l"
    p, c = 42, 19
    stats = {"total_duration": 912345678, "load_duration": 13450210, "prompt_eval_count": p,
             "prompt_eval_duration": 64000000, "eval_count": c, "eval_duration": 811000000}
    ctx = [151644, 872, 198, 3966, 12528, 3210, 429, 14579, 279, 5128, 151645, 198, 151644, 77091, 198]
    req = {"model": model, "prompt": prompt, "system": "Reply with the command only.", "stream": False,
           "options": {"temperature": 0.1}}
    resp = {"model": model, "created_at": "2025-03-13T09:20:11.004512Z", "response": text, "done": True,
            "done_reason": "stop", "context": ctx, **stats}
    exp = {"response_model": model, "finish_reason": "stop", "input_tokens": p, "output_tokens": c,
           "output_text": text, "system": "Reply with the command only."}
    add(api + "/plain", api, host, path, model, 200,
        write(d + "plain.request.json", spaced(req)), JSON,
        write(d + "plain.response.json", compact(resp)), JSON, expect=exp)
    lines = [{"model": model, "created_at": "2025-03-13T09:21:40.%06dZ" % (200000 + k * 40213),
              "response": piece, "done": False} for k, piece in enumerate(pieces(text))]
    lines.append({"model": model, "created_at": "2025-03-13T09:21:41.120004Z", "response": "", "done": True,
                  "done_reason": "stop", "context": ctx, **stats})
    add(api + "/stream", api, host, path, model, 200,
        write(d + "stream.request.json", spaced(dict(req, stream=True))), JSON,
        write(d + "stream.response.ndjson", ndjson(lines)), NDJ, stream=True, same_as=api + "/plain",
        expect=exp)


# ---------------------------------------------------------------- aws.bedrock_converse
def bedrock():
    api, host = "aws.bedrock_converse", "bedrock-runtime.us-east-1.amazonaws.com"
    d = api + "/"
    model = "anthropic.claude-3-sonnet-20240229-v1:0"
    system = "You are a librarian who answers briefly."
    text = ("Try a quiet novel about a lighthouse keeper\u2019s family; "
            "ask at the desk and we\u2019ll find one on the shelf today.")
    p, c = 28, 31
    req = {"messages": [{"role": "user", "content": [{"text": "Recommend one novel set on a lighthouse."}]}],
           "system": [{"text": system}], "inferenceConfig": {"maxTokens": 512, "temperature": 0.5, "topP": 0.9}}
    resp = {"metrics": {"latencyMs": 812}, "output": {"message": {"content": [{"text": text}],
                                                                   "role": "assistant"}},
            "stopReason": "end_turn", "usage": {"inputTokens": p, "outputTokens": c, "totalTokens": p + c}}
    add(api + "/plain", api, host, "/model/%s/converse" % model, model, 200,
        write(d + "plain.request.json", compact(req)), JSON,
        write(d + "plain.response.json", compact(resp)), JSON,
        expect={"finish_reason": "end_turn", "input_tokens": p, "output_tokens": c, "total_tokens": p + c,
                "output_text": text, "system": system, "input_message_count": 1})
    model = "anthropic.claude-3-5-sonnet-20240620-v1:0"
    args = {"city": "Lyon", "unit": "celsius"}
    text = "Let me look up the weather in Lyon."
    p, c = 403, 69
    req = {"messages": [{"role": "user", "content": [{"text": "Will it rain in Lyon tonight?"}]}],
           "toolConfig": {"tools": [{"toolSpec": {"name": "get_weather", "description": WEATHER_DESC,
                                                  "inputSchema": {"json": WEATHER_PARAMS}}}],
                          "toolChoice": {"auto": {}}},
           "inferenceConfig": {"maxTokens": 1024}}
    resp = {"metrics": {"latencyMs": 1433},
            "output": {"message": {"content": [{"text": text},
                                               {"toolUse": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
                                                            "name": "get_weather", "input": args}}],
                                   "role": "assistant"}},
            "stopReason": "tool_use", "usage": {"inputTokens": p, "outputTokens": c, "totalTokens": p + c}}
    add(api + "/tools", api, host, "/model/%s/converse" % model, model, 200,
        write(d + "tools.request.json", compact(req)), JSON,
        write(d + "tools.response.json", compact(resp)), JSON,
        expect={"finish_reason": "tool_use", "input_tokens": p, "output_tokens": c, "total_tokens": p + c,
                "output_text": text, "input_message_count": 1,
                "tool_calls": [{"id": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "name": "get_weather",
                                "arguments": compact(args)}]})


# ---------------------------------------------------------------- errors
def errors():
    d = "errors/"
    def err(variant, api, host, path, model, status, req, body, ct=JSON, resp_fmt=compact, ext="json",
            expect=None, req_fmt=spaced, resp_file=None, **extra):
        rf = resp_file or (d + variant + ".response." + ext)
        add("errors/" + variant, api, host, path, model, status,
            write(d + variant + ".request.json", req_fmt(req)), JSON,
            write(rf, body if isinstance(body, str) else resp_fmt(body)), ct, expect=expect, **extra)

    chat = lambda m, u: {"model": m, "messages": [{"role": "user", "content": u}]}
    msg = "Incorrect API key provided: sk-proj-****7f3a. Check the key on your account page and try again."
    err("openai_401", "openai.chat_completions", "api.openai.com", "/v1/chat/completions", "gpt-4o-mini", 401,
        chat("gpt-4o-mini", "Summarise my calendar for today."),
        {"error": {"message": msg, "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}},
        resp_fmt=pretty, expect={"error_type": "invalid_request_error", "error_code": "invalid_api_key",
                                 "error_message": msg})
    msg = ("Rate limit reached in organization org-Zq8L2mXw4Kp0Rt6Vy1Bn on tokens per min (TPM): "
           "Limit 200000, Used 199420, Requested 1210. Please try again in 189ms.")
    err("openai_429", "openai.chat_completions", "api.openai.com", "/v1/chat/completions", "gpt-4o", 429,
        chat("gpt-4o", "Classify these support tickets by urgency."),
        {"error": {"message": msg, "type": "tokens", "param": None, "code": "rate_limit_exceeded"}},
        resp_fmt=pretty, expect={"error_type": "tokens", "error_code": "rate_limit_exceeded", "error_message": msg})
    err("anthropic_529", "anthropic.messages", "api.anthropic.com", "/v1/messages",
        "claude-3-5-sonnet-20241022", 529,
        {"model": "claude-3-5-sonnet-20241022", "max_tokens": 512,
         "messages": [{"role": "user", "content": "Plan a three-day walking route in the Peak District."}]},
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"},
         "request_id": "req_011CQ3hW8kXyZa2Bc4De6Fg8"},
        expect={"error_type": "overloaded_error", "error_message": "Overloaded"}, req_fmt=compact)
    err("anthropic_400", "anthropic.messages", "api.anthropic.com", "/v1/messages", "claude-3-5-haiku-20241022", 400,
        {"model": "claude-3-5-haiku-20241022",
         "messages": [{"role": "user", "content": "List five herbs that grow well in shade."}]},
        {"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: Field required"}},
        expect={"error_type": "invalid_request_error", "error_message": "max_tokens: Field required"},
        req_fmt=compact)
    msg = "Invalid value at 'generation_config.temperature' (TYPE_FLOAT), \"warm\""
    err("google_400", "google.generate_content", "generativelanguage.googleapis.com",
        "/v1beta/models/gemini-1.5-pro:generateContent", "gemini-1.5-pro", 400,
        {"contents": [{"role": "user", "parts": [{"text": "Describe autumn in four words."}]}],
         "generationConfig": {"temperature": "warm"}},
        {"error": {"code": 400, "message": msg, "status": "INVALID_ARGUMENT",
                   "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                                "fieldViolations": [{"field": "generation_config.temperature",
                                                     "description": msg}]}]}},
        resp_fmt=pretty, expect={"error_type": "INVALID_ARGUMENT", "error_code": 400, "error_message": msg})
    msg = "invalid request: messages must contain at least one user or tool message"
    err("cohere_400", "cohere.chat_v2", "api.cohere.com", "/v2/chat", "command-r-08-2024", 400,
        {"model": "command-r-08-2024", "messages": [{"role": "system", "content": "Be cheerful."}]},
        {"id": "0d3f5b7c-9e1a-4c3e-8f5b-7d9e1a3c5f60", "message": msg},
        expect={"error_message": msg})
    msg = "model \"llama3.3:70b\" not found, try pulling it first"
    err("ollama_404", "ollama.chat", "ollama-node-4.lan:11434", "/api/chat", "llama3.3:70b", 404,
        {"model": "llama3.3:70b", "messages": [{"role": "user", "content": "Ping?"}], "stream": False},
        {"error": msg}, expect={"error_message": msg}, req_fmt=compact)
    msg = ("Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01hx7m2k9c3` "
           "service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5812, Requested 904. "
           "Please try again in 7.16s.")
    err("groq_429", "openai.chat_completions", "api.groq.com", "/openai/v1/chat/completions",
        "llama-3.3-70b-versatile", 429,
        chat("llama-3.3-70b-versatile", "Rewrite this paragraph in plain English."),
        {"error": {"message": msg, "type": "tokens", "code": "rate_limit_exceeded"}},
        expect={"error_type": "tokens", "error_code": "rate_limit_exceeded", "error_message": msg})
    msg = "Upstream provider returned an empty response"
    err("error_in_200", "openai.chat_completions", "openrouter.ai", "/api/v1/chat/completions",
        "mistralai/mistral-nemo", 200,
        chat("mistralai/mistral-nemo", "Give me a pun about bread."),
        {"error": {"message": msg, "code": 502, "metadata": {"provider_name": "Lambda", "raw": None}},
         "user_id": "user_2xK8mQ4rT1vW9yZ3"},
        expect={"error_code": 502, "error_message": msg}, note="error body under HTTP 200, as some proxies send")
    html = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n"
            "</body>\r\n</html>\r\n")
    err("bad_gateway", None, "llm-proxy.internal.example:8443", "/v1/chat/completions",
        "Meta-Llama-3.1-70B-Instruct-AWQ", 502,
        chat("Meta-Llama-3.1-70B-Instruct-AWQ", "Draft a short apology for a late delivery."),
        html, ct="text/html", resp_file=d + "bad_gateway.html")


# ---------------------------------------------------------------- corrupt
def corrupt():
    d = "corrupt/"
    good = {"id": "chatcmpl-C0rrUpTf1xTuRe0000000000000", "object": "chat.completion", "created": 1741880000,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [{"index": 0, "message": {"role": "assistant",
                                                 "content": "The ferry leaves at ten past the hour, every hour until late evening."},
                         "logprobs": None, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 18, "completion_tokens": 15, "total_tokens": 33}}
    s = pretty(good)
    cut = s.index("ten past") + 4
    def c(name, data, reason, as_="response", **kw):
        write(d + name, data)
        CORRUPT.append(dict({"file": d + name, "reason": reason, "as": as_}, **kw))
    c("truncated.json", s[:cut], "truncated")
    c("empty.json", b"", "empty")
    c("invalid_utf8.json", s.replace("ten past", "ten \x00MARK past").encode().replace(b"\x00MARK", b"\xc3\x28"),
      "invalid_utf8")
    c("bom.json", b"\xef\xbb\xbf" + s.encode(), "bom", valid_after_bom=True)
    c("nan.json", s.replace('"completion_tokens": 15', '"completion_tokens": NaN'), "nan")
    c("too_deep.json", b"[" * 100000 + b"]" * 100000, "too_deep", depth=100000)
    c("trailing_comma.json", s.replace('"total_tokens": 33\n', '"total_tokens": 33,\n'), "trailing_comma")
    c("not_json.txt", "upstream connect error or disconnect/reset before headers. reset reason: connection termination\n",
      "not_json")
    c("html_as_json.json", "<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>"
      "<body><p>Checking your browser before accessing the site.</p></body></html>\n", "html")


# ---------------------------------------------------------------- recorded payloads (recorded.py)
def eventstream(events):
    """AWS event stream frames (prelude, string headers, JSON payload, CRC32s) in the recorded layout;
    a `bytes` member given as an object is the base64 of its compact JSON (InvokeModelWithResponseStream)."""
    out = b""
    for headers, payload in events:
        if isinstance(payload.get("bytes"), dict):
            payload = dict(payload, bytes=base64.b64encode(compact(payload["bytes"]).encode()).decode())
        body = compact(payload).encode()
        head = b""
        for name, value in headers:
            n, v = name.encode(), value.encode()
            head += bytes([len(n)]) + n + b"\x07" + struct.pack(">H", len(v)) + v
        prelude = struct.pack(">II", 12 + len(head) + len(body) + 4, len(head))
        message = prelude + struct.pack(">I", zlib.crc32(prelude)) + head + body
        out += message + struct.pack(">I", zlib.crc32(message))
    return out


RECORDED_FORMATS = {
    "compact": (compact, "json"), "spaced": (spaced, "json"), "pretty": (pretty, "json"), "ascii": (ascii_, "json"),
    "ndjson": (lambda lines: "".join(compact(o) + "\n" for o in lines), "ndjson"),
    "sse": (lambda events: "".join("data: " + compact(o) + "\n\n" for o in events), "sse"),
    "sse_nospace": (lambda events: "".join("data:" + compact(o) + "\n\n" for o in events), "sse"),
    # an SSE stream ended by `data: [DONE]` (OpenAI-compatible chat streams)
    "sse_done": (lambda events: "".join("data: " + compact(o) + "\n\n" for o in events) + "data: [DONE]\n\n", "sse"),
    "eventstream": (eventstream, "eventstream"),
    # Gemini streamGenerateContent without alt=sse: one JSON array, pretty chunks
    "json_array": (lambda chunks: "[" + "\n,\r\n".join(json.dumps(c, indent=2, ensure_ascii=False) for c in chunks) + "\n]", "json"),
}


def recorded():
    sys.path.insert(0, ROOT)
    sys.dont_write_bytecode = True  # the directory is compiled into the binary: no caches in it
    import recorded as rec
    for r in rec.RECORDED:
        api, variant = r["name"].split("/")
        d = api + "/" + variant
        req_fmt = RECORDED_FORMATS[r["request_format"]][0]
        if "response_raw" in r:
            body, ext = r["response_raw"], "sse" if r["response_content_type"].startswith("text/event-stream") else "json"
        else:
            fmt, ext = RECORDED_FORMATS[r["response_format"]]
            body = fmt(r["response"])
        e = {"name": r["name"], "api": api, "host": r["host"], "path": r["path"], "model": r["model"], "status": r["status"],
             "request": write(d + ".request.json", req_fmt(r["request"])), "request_content_type": JSON,
             "response": write(d + ".response." + ext, body), "response_content_type": r["response_content_type"],
             "stream": r.get("stream", False), "recorded": r["source"]}
        for key in ("same_as",):
            if key in r:
                e[key] = r[key]
        if r.get("model_in_request") is False:
            e["model_in_request"] = False
        e["expect"] = r["expect"]
        if "pending" in r:
            e["blocked_by"] = r["pending"]
            PENDING.append(e)
        else:
            EXCHANGES.append(e)


def main():
    clean()
    openai_chat(); compat_chat(); openai_completions(); openai_embeddings(); openai_responses()
    openai_audio(); openai_images(); anthropic(); google(); cohere(); ollama(); bedrock()
    recorded(); errors(); corrupt()
    names = [e["name"] for e in EXCHANGES + PENDING]
    assert len(names) == len(set(names)), "duplicate exchange names"
    manifest = {"version": 1, "exchanges": EXCHANGES, "corrupt": CORRUPT, "pending": PENDING}
    write("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    print("%d exchanges, %d corrupt, %d pending" % (len(EXCHANGES), len(CORRUPT), len(PENDING)))


if __name__ == "__main__":
    main()
