"""Builds an archive tree in every input format and linking route from real conversations
nobody on the team wrote (shared/data/real), and records where each one must land."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from conftest import REAL_DATA


# How the CRM spells each company, and how the files spell it: never the same string.
def crm_name(handle: str) -> str:
    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", handle).replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass
class Expected:
    account: str
    date: str
    turns: int
    linked_by: str


@dataclass
class RealTree:
    root: Path
    expected: dict[tuple[str, int], Expected] = field(default_factory=dict)
    bad: dict[str, str] = field(default_factory=dict)  # file → what the reason must mention
    accounts: list[str] = field(default_factory=list)


def _threads(limit: int) -> list[dict]:
    data = json.loads((REAL_DATA / "twitter-custcare" / "dev.json").read_text())
    threads = []
    for item in data:
        turns = []
        for message in item["dialogContent"]:
            speaker = message.get("client") or message.get("agent")
            side = "buyer" if "client" in message else "seller"
            text = " ".join(message["message"].split())
            if turns and turns[-1][0] == speaker:
                turns[-1] = (speaker, side, turns[-1][2] + " " + text)
            else:
                turns.append((speaker, side, text))
        agent = item["agentURL"]["url_utterance"]
        agent_handle = item["dialogHeader"]["company"]
        text = " ".join(agent.split())
        if turns and turns[-1][0] == agent_handle:
            turns[-1] = (agent_handle, "seller", turns[-1][2] + " " + text)
        else:
            turns.append((agent_handle, "seller", text))
        threads.append(
            {
                "company": item["dialogHeader"]["company"],
                "when": datetime.fromisoformat(
                    item["dialogHeader"]["conversationDateTime"].replace("Z", "+00:00")
                ),
                "turns": turns,
            }
        )
        if len(threads) >= limit:
            break
    return threads


def _ts(seconds: float, sep: str) -> str:
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    ms = round((seconds - int(seconds)) * 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _vtt(turns) -> str:
    lines = ["WEBVTT", "", "NOTE exported by the meeting recorder", ""]
    t = 0.0
    for n, (speaker, _, text) in enumerate(turns, 1):
        lines += [
            str(n),
            f"{_ts(t, '.')} --> {_ts(t + 4.5, '.')} align:start",
            f"<v {speaker}>{text}</v>",
            "",
        ]
        t += 5
    return "\n".join(lines)


def _srt(turns) -> str:
    lines = []
    t = 0.0
    for n, (speaker, _, text) in enumerate(turns, 1):
        lines += [str(n), f"{_ts(t, ',')} --> {_ts(t + 4.5, ',')}", f"{speaker}: {text}", ""]
        t += 5
    return "\r\n".join(lines)


def _gong_call(thread, n: int, with_account: bool) -> dict:
    ids = {}
    parties = []
    for speaker, side, _ in thread["turns"]:
        if speaker not in ids:
            ids[speaker] = str(1000 + len(ids))
            parties.append(
                {
                    "speakerId": ids[speaker],
                    "name": speaker,
                    "affiliation": "Internal" if side == "seller" else "External",
                }
            )
    transcript = []
    t = 0
    for speaker, _, text in thread["turns"]:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s] or [text]
        block = []
        for sentence in sentences:
            block.append({"start": t, "end": t + 1500, "text": sentence})
            t += 1600
        transcript.append({"speakerId": ids[speaker], "topic": None, "sentences": block})
    call = {
        "callId": f"real-{n}",
        "parties": parties,
        "transcript": transcript,
        "title": f"Support thread {n}",
    }
    if with_account:
        call["account"] = crm_name(thread["company"]).upper()
        call["started"] = thread["when"].isoformat()
    return call


def build(root: Path, limit: int = 120) -> RealTree:
    """Write the tree: accounts.csv, then each thread in a rotating format and route."""
    tree = RealTree(root)
    threads = _threads(limit)
    companies = sorted({t["company"] for t in threads})
    tree.accounts = [crm_name(c) + (", Inc." if i % 2 else "") for i, c in enumerate(companies)]
    crm = dict(zip(companies, tree.accounts, strict=True))
    root.mkdir(parents=True, exist_ok=True)
    with (root / "accounts.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Company name", "Industry", "Deal Stage", "ARR"])
        for name in tree.accounts:
            writer.writerow([name, "Consumer", "Closed Won", "12000"])

    manifest_rows = []
    gong_list = []
    for n, thread in enumerate(threads):
        account = crm[thread["company"]]
        day = thread["when"].date().isoformat()
        turns = len(thread["turns"])
        route = n % 6
        if route == 0:
            rel = f"{slug(account)}/{day} support thread {n}.vtt"
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(_vtt(thread["turns"]), encoding="utf-8")
            tree.expected[(rel, 0)] = Expected(account, day, turns, "path")
        elif route == 1:
            rel = f"inbox/thread-{n:04d}.srt"
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(_srt(thread["turns"]).encode("utf-8"))
            manifest_rows.append(
                [f"thread-{n:04d}.srt", crm_name(thread["company"]).lower(), day, f"Thread {n}"]
            )
            tree.expected[(rel, 0)] = Expected(account, day, turns, "manifest")
        elif route == 2:
            rel = f"misc/note-{n:04d}.txt"
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            body = "\n".join(f"{s}: {t}" for s, _, t in thread["turns"])
            front = f"---\naccount: {crm_name(thread['company'])}\ndate: {day}\n---\n"
            (root / rel).write_text("\ufeff" + front + body + "\n", encoding="utf-8")
            tree.expected[(rel, 0)] = Expected(account, day, turns, "metadata")
        elif route == 3:
            rel = f"gong/call-{n:04d}.json"
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(json.dumps(_gong_call(thread, n, True)), encoding="utf-8")
            tree.expected[(rel, 0)] = Expected(account, day, turns, "metadata")
        elif route == 4:
            rel = f"{slug(account)}/{day.replace('-', '')}-thread-{n}.txt"
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            lines = []
            for i, (s, _, t) in enumerate(thread["turns"]):
                words = t.split()
                half = max(1, len(words) // 2)
                lines.append(f"[00:{i // 60:02d}:{i % 60:02d}] {s}: {' '.join(words[:half])}")
                if words[half:]:
                    lines.append(" ".join(words[half:]))  # a continuation line
            (root / rel).write_text("\n".join(lines) + "\n", encoding="cp1252", errors="replace")
            tree.expected[(rel, 0)] = Expected(account, day, turns, "path")
        else:
            gong_list.append((thread, n))
    with (root / "inbox" / "conversations.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "account", "date", "title"])
        writer.writerows(manifest_rows)
    rel = "gong/batch.json"
    calls = [_gong_call(thread, n, True) for thread, n in gong_list]
    (root / rel).write_text(json.dumps(calls, indent=1), encoding="utf-8")
    for position, (thread, _) in enumerate(gong_list):
        tree.expected[(rel, position)] = Expected(
            crm[thread["company"]],
            thread["when"].date().isoformat(),
            len(thread["turns"]),
            "metadata",
        )

    broken = root / "broken"
    broken.mkdir()
    (broken / "garbage.vtt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (broken / "empty.txt").write_text("", encoding="utf-8")
    (broken / "not-a-call.json").write_text('{"hello": "world"}', encoding="utf-8")
    (broken / "truncated.json").write_text('{"parties": [{"speakerId": "1"', encoding="utf-8")
    undated = root / slug(tree.accounts[0]) / "thread without a date.txt"
    undated.parent.mkdir(parents=True, exist_ok=True)
    undated.write_text("Alice: hello there\nBob: hi\n", encoding="utf-8")
    tree.bad = {
        "broken/garbage.vtt": "",
        "broken/empty.txt": "empty",
        "broken/not-a-call.json": "",
        "broken/truncated.json": "",
        undated.relative_to(root).as_posix(): "date",
    }
    return tree
