"""Builds corpora/sample/ (Tallyline's year of calls) and corpora/facts/sample.json from
corpora/sample_material.py. Deterministic: `python corpora/build_sample.py` rewrites the same
files. Each account gets its own people, numbers, story and dates; lines are drawn without
replacement until a pool is used up."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import sample_material as M

HERE = Path(__file__).resolve().parent
OUT = HERE / "sample"
FACTS = HERE / "facts" / "sample.json"
FIRST_DAY, LAST_DAY = date(2025, 11, 20), date(2026, 11, 20)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "").replace("é", "e").replace(
        "è", "e").replace("&", "")).strip("-")


class Pool:
    """Lines drawn without replacement (refilled only if a pool runs dry)."""

    def __init__(self, rng: random.Random, lines: list):
        self.rng, self.lines, self.left = rng, list(lines), []

    def take(self):
        if not self.left:
            self.left = list(self.lines)
            self.rng.shuffle(self.left)
        return self.left.pop()


@dataclass
class Line:
    speaker: str
    side: str
    text: str
    tag: str | None = None  # "pricing" or "pain:<intensity>"


@dataclass
class Call:
    account: dict
    day: date
    title: str
    lines: list[Line] = field(default_factory=list)
    notes: bool = False

    def turns(self) -> list[Line]:
        """Consecutive lines of one speaker merged: one speaker turn each."""
        merged: list[Line] = []
        for line in self.lines:
            if merged and merged[-1].speaker == line.speaker:
                prev = merged[-1]
                merged[-1] = Line(prev.speaker, prev.side, f"{prev.text} {line.text}",
                                  prev.tag or line.tag)
                merged[-1].tags = getattr(prev, "tags", [prev]) + [line]  # type: ignore[attr-defined]
            else:
                merged.append(line)
        return merged


def parse_day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def clamp(day: date) -> date:
    return max(FIRST_DAY, min(LAST_DAY, day))


def accounts(rng: random.Random) -> list[dict]:
    out = []
    for i, row in enumerate(M.ACCOUNTS):
        (name, domain, industry, employees, country, stage, created, closed, live, churned, arr,
         expansion, stack, segment, pain, competitor, people) = row
        erp = stack.split(";")[0] if stack else "QuickBooks"
        a = {
            "row": i, "name": name, "domain": domain, "industry": industry,
            "employees": employees, "country": country, "stage": stage,
            "created": parse_day(created), "closed": parse_day(closed), "live": parse_day(live),
            "churned": parse_day(churned), "arr": arr, "expansion": expansion, "stack": stack,
            "segment": segment, "pain": pain, "competitor": competitor or "Bill.com",
            "people": [(n, t, f"{n.split()[-1].lower().strip('.')}@{domain}") for n, t in people],
            "ae": M.TEAM[i % 2][0],
            # calls after the close are renewals and expansions
            "closed_or_far": parse_day(closed) + timedelta(days=30) if closed else date.max,
            "fields": {
                "erp": erp, "close_days": rng.choice([12, 14, 15, 16, 18]) if pain == "sharp"
                else rng.choice([6, 7, 8, 9]), "fee_k": rng.choice([12, 18, 23, 30]),
                "n_people": rng.choice(["two", "three", "four"]),
                "overrun_k": rng.choice([60, 85, 140, 200]), "list_k": rng.choice(
                    [36, 42, 48, 55, 64, 72, 90]), "seat": rng.choice([25, 32, 38, 45, 55]),
                "impl_k": rng.choice([5, 8, 12, 15]), "pilot_k": rng.choice([5, 7, 10]),
                "budget_k": rng.choice([35, 40, 50, 60, 75, 90]),
                "invoices": rng.choice(["eight hundred", "about twelve hundred", "2,500",
                                        "roughly four thousand", "600"]),
                "entities": rng.choice(["two", "three", "five", "seven"]),
                "ap_team": rng.choice(["three", "four", "six"]), "employees": employees,
                "competitor": competitor or "Bill.com",
                "champion": people[0][0] if people else "the controller",
                "month_name": rng.choice(["January", "February", "March", "April"]),
                "industry": industry.lower(),
            },
        }
        out.append(a)
    return out


class Writer:
    """Composes the calls of one account from the pools."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pools = {name: Pool(rng, getattr(M, name)) for name in (
            "OPENERS", "SELLER_QUESTIONS", "SELLER_PITCH", "SELLER_RECAP", "SELLER_PRICING",
            "SELLER_CLOSERS", "BUYER_CLOSERS", "PAIN_ACUTE", "PAIN_REAL", "PAIN_MILD",
            "NOT_PAIN", "NEUTRAL_BUYER", "PRICING", "NOT_PRICING", "TRIGGERS",
            "COMPETITOR_LINES", "POST_CLOSE", "NOTES", "INTERRUPTIONS", "RENEWAL")}

    def fill(self, a: dict, text: str) -> str:
        return text.format(**a["fields"])

    def take(self, a: dict, pool: str) -> str:
        return self.fill(a, self.pools[pool].take())

    def buyer(self, a: dict, k: int = 0) -> str:
        return a["people"][k % len(a["people"])][0]

    def opener(self, call: Call, seller: str) -> None:
        question, answer = self.pools["OPENERS"].take()
        call.lines += [Line(seller, "seller", question),
                       Line(self.buyer(call.account), "buyer", answer)]

    def pain(self, call: Call, kind: str, who: int) -> None:
        a = call.account
        pool = {"acute": "PAIN_ACUTE", "real": "PAIN_REAL", "mild": "PAIN_MILD"}[kind]
        _, text = self.pools[pool].take()
        call.lines.append(Line(self.buyer(a, who), "buyer", self.fill(a, text), f"pain:{kind}"))

    def discovery(self, a: dict, day: date, seller: str, sdr: bool) -> Call:
        call = Call(a, day, "Discovery call")
        lead = M.SDR if sdr else seller
        self.opener(call, lead)
        if sdr:
            call.lines.append(Line(M.SDR, "seller", f"I'll hand over to {seller} in a second, "
                                   "I just wanted to say thanks for taking the meeting."))
        call.lines.append(Line(seller, "seller", self.take(a, "SELLER_QUESTIONS")))
        sharp = a["pain"] == "sharp"
        if sharp:
            self.pain(call, "acute", 0)
            call.lines.append(Line(seller, "seller", self.rng.choice(M.BACKCHANNEL)))
            self.pain(call, "real", 1)
        elif a["pain"] == "mild":
            self.pain(call, "mild", 0)
        call.lines.append(Line(self.buyer(a), "buyer", self.take(a, "NEUTRAL_BUYER")))
        call.lines.append(Line(seller, "seller", self.take(a, "SELLER_PITCH")))
        call.lines.append(Line(self.buyer(a), "buyer", self.take(a, "NOT_PAIN")))
        call.lines.append(Line(seller, "seller", self.take(a, "SELLER_QUESTIONS")))
        if sharp:
            self.pain(call, "acute", 1)
        elif a["pain"] is None and self.rng.random() < 0.5:
            self.pain(call, "real", 0)
        if self.rng.random() < 0.5:
            first, second = self.pools["INTERRUPTIONS"].take()
            call.lines += [Line(self.buyer(a), "buyer", first), Line(seller, "seller", second)]
        call.lines.append(Line(self.buyer(a), "buyer", self.take(a, "COMPETITOR_LINES")))
        call.lines.append(Line(self.buyer(a, 1), "buyer", self.take(a, "NOT_PRICING")))
        if self.rng.random() < 0.6:
            call.lines.append(Line(self.buyer(a), "buyer", self.take(a, "TRIGGERS")))
        call.lines.append(Line(seller, "seller", self.take(a, "SELLER_RECAP")))
        call.lines.append(Line(self.buyer(a), "buyer", self.rng.choice(M.BACKCHANNEL)))
        call.lines.append(Line(seller, "seller", self.take(a, "SELLER_CLOSERS")))
        call.lines.append(Line(self.buyer(a), "buyer", self.take(a, "BUYER_CLOSERS")))
        return call

    def pricing(self, a: dict, day: date, seller: str, title: str, n: int = 2) -> Call:
        call = Call(a, day, title)
        self.opener(call, seller)
        call.lines.append(Line(seller, "seller", self.take(a, "SELLER_PRICING")))
        pool = "RENEWAL" if call.day >= a["closed_or_far"] else "PRICING"
        for k in range(n):
            call.lines.append(Line(self.buyer(a, k), "buyer", self.take(a, pool), "pricing"))
            call.lines.append(Line(seller, "seller", self.take(a, "SELLER_PRICING")))
        call.lines.append(Line(self.buyer(a, n), "buyer", self.take(a, "NOT_PRICING")))
        call.lines.append(Line(seller, "seller", self.rng.choice(M.BACKCHANNEL)))
        if a["pain"] == "sharp" and title != "Renewal and expansion":
            self.pain(call, "real", n + 1)
            call.lines.append(Line(seller, "seller", self.rng.choice(M.BACKCHANNEL)))
        call.lines.append(Line(self.buyer(a), "buyer", self.take(a, "NOT_PAIN")))
        call.lines.append(Line(seller, "seller", self.take(a, "SELLER_CLOSERS")))
        return call

    def check_in(self, a: dict, day: date, ttv_line: str | None) -> Call:
        call = Call(a, day, "Customer check-in")
        csm = M.TEAM[3][0]
        self.opener(call, csm)
        call.lines.append(Line(csm, "seller", "How are things going since go-live?"
                               if not ttv_line else "So, how did the rollout go?"))
        if ttv_line:
            call.lines.append(Line(self.buyer(a), "buyer", ttv_line))
            call.lines.append(Line(csm, "seller", "That's fantastic to hear."))
        call.lines.append(Line(self.buyer(a), "buyer", self.take(a, "POST_CLOSE")))
        call.lines.append(Line(csm, "seller", self.rng.choice(M.BACKCHANNEL)))
        call.lines.append(Line(self.buyer(a, 1), "buyer", self.take(a, "POST_CLOSE")))
        if a["churned"]:
            call.lines.append(Line(self.buyer(a), "buyer", "To be upfront, the owners are "
                                   "consolidating tools and we may not renew."))
        call.lines.append(Line(csm, "seller", self.take(a, "SELLER_CLOSERS")))
        return call

    def notes(self, a: dict, day: date, author: str) -> Call:
        call = Call(a, day, "Call notes", notes=True)
        for _ in range(4):
            call.lines.append(Line(author, "note", self.take(a, "NOTES")))
        return call


def plan(rng: random.Random) -> tuple[list[Call], list[dict]]:
    writer = Writer(rng)
    calls: list[Call] = []
    all_accounts = accounts(rng)
    won = [a for a in all_accounts if a["stage"] == "Closed Won" and not a["churned"]]
    best = sorted(won, key=lambda a: -(a["arr"] + a["expansion"]))[:12]
    sdr_accounts = {a["name"] for a in all_accounts[3:8] if a["people"]}
    for a in all_accounts:
        if not a["people"]:
            continue
        seller = a["ae"]
        created = a["created"]
        closed = a["closed"]
        first = clamp(created + timedelta(days=6))
        calls.append(writer.discovery(a, first, seller, a["name"] in sdr_accounts))
        if rng.random() < 0.6:
            calls.append(writer.notes(a, clamp(first + timedelta(days=1)), seller))
        if closed:
            middle = clamp(created + (closed - created) / 2)
            calls.append(writer.pricing(a, middle, seller, "Pricing and proposal"))
            calls.append(writer.pricing(a, clamp(closed - timedelta(days=4)), seller,
                                        "Negotiation", n=1))
        else:
            calls.append(writer.pricing(a, clamp(first + timedelta(days=20)), seller,
                                        "Proposal review"))
        if a["stage"] == "Closed Won":
            ttv = M.TTV_FROM_CONVERSATION.get(a["name"])
            day = date.fromisoformat(ttv[1]) if ttv else clamp(closed + timedelta(days=45))
            calls.append(writer.check_in(a, day, ttv[0] if ttv else None))
        if a in best:
            day = date(2026, 10, rng.choice([2, 6, 9, 14, 16, 21, 23, 27, 29, 30]))
            calls.append(writer.pricing(a, day, M.TEAM[3][0], "Renewal and expansion"))
    # pricing talk just outside October, so a window bug shows
    for a, day in ((best[0], date(2026, 9, 30)), (best[1], date(2026, 11, 2)),
                   (best[2], date(2026, 9, 15)), (best[3], date(2026, 11, 12))):
        calls.append(writer.pricing(a, day, M.TEAM[3][0], "Expansion pricing", n=1))
    decoy_account, decoy_line, decoy_day = M.TTV_DECOY
    a = next(x for x in all_accounts if x["name"] == decoy_account)
    call = Call(a, date.fromisoformat(decoy_day), "Implementation planning")
    writer.opener(call, M.TEAM[2][0])
    call.lines += [Line(M.TEAM[2][0], "seller", "What's your ideal timeline to be up and running?"),
                   Line(writer.buyer(a), "buyer", decoy_line),
                   Line(M.TEAM[2][0], "seller", "That's realistic if we get the ERP access early.")]
    calls.append(call)
    calls.sort(key=lambda c: (c.day, c.account["name"]))
    return calls, all_accounts


# writing ---------------------------------------------------------------------------------


def ts(seconds: float, sep: str) -> str:
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{int((seconds % 1) * 1000):03d}"


def timed(turns: list[Line]) -> list[tuple[Line, float, float]]:
    out, t = [], 2.0
    for line in turns:
        length = 2.5 + len(line.text) / 15
        out.append((line, t, t + length))
        t += length + 0.8
    return out


def vtt_zoom(turns) -> str:
    rows = ["WEBVTT", ""]
    for n, (line, start, end) in enumerate(timed(turns), 1):
        rows += [str(n), f"{ts(start, '.')} --> {ts(end, '.')}", f"{line.speaker}: {line.text}",
                 ""]
    return "\n".join(rows)


def vtt_teams(turns) -> str:
    rows = ["WEBVTT", "", "NOTE", "Transcript exported from the meeting recorder.", ""]
    n = 0
    for line, start, end in timed(turns):
        words = line.text.split()
        parts = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])] \
            if len(words) > 18 else [line.text]
        step = (end - start) / len(parts)
        for k, part in enumerate(parts):
            n += 1
            rows += [f"6c1e{n:04x}-7d2a/{n}-0",
                     f"{ts(start + k * step, '.')} --> {ts(start + (k + 1) * step, '.')} "
                     "align:start position:10%",
                     f"<v {line.speaker}>{part}</v>", ""]
    return "\n".join(rows)


def srt(turns) -> str:
    rows = []
    for n, (line, start, end) in enumerate(timed(turns), 1):
        text = line.text
        if len(text) > 90:  # a multi-line subtitle
            cut = text.rfind(" ", 0, len(text) // 2)
            text = text[:cut] + "\n" + text[cut + 1 :]
        rows += [str(n), f"{ts(start, ',')} --> {ts(end, ',')}", f"{line.speaker}: {text}", ""]
    return "\n".join(rows)


def txt_plain(turns, stamps: bool) -> str:
    rows = []
    for line, start, _ in timed(turns):
        prefix = f"[{ts(start, '.')[:8]}] " if stamps else ""
        text = line.text
        if len(text) > 110:  # a continuation line, as people paste them
            cut = text.rfind(" ", 0, 80)
            rows += [f"{prefix}{line.speaker}: {text[:cut]}", text[cut + 1 :]]
        else:
            rows.append(f"{prefix}{line.speaker}: {text}")
    return "\n".join(rows) + "\n"


def front_matter(call: Call, account: str, extra: dict | None = None) -> str:
    rows = ["---", f"account: {account}", f"date: {call.day.isoformat()}",
            f"title: {call.title}"]
    for key, value in (extra or {}).items():
        rows.append(f"{key}: {value}")
    return "\n".join(rows + ["---", ""])


def gong_call(call: Call, turns, with_account: bool, n: int) -> dict:
    a = call.account
    team_emails = {name: email for name, email, _ in M.TEAM}
    titles = {name: title for name, email, title in M.TEAM}
    people = {name: (title, email) for name, title, email in a["people"]}
    ids: dict[str, str] = {}
    parties = []
    for line in turns:
        if line.speaker in ids:
            continue
        ids[line.speaker] = str(5000 + len(ids))
        internal = line.side == "seller"
        title, email = people.get(line.speaker, (titles.get(line.speaker), None))
        parties.append({
            "speakerId": ids[line.speaker], "name": line.speaker,
            "emailAddress": team_emails.get(line.speaker, email) if internal else email,
            "title": title, "affiliation": "Internal" if internal else "External",
        })
    transcript, t = [], 1000
    for line in turns:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", line.text) if s]
        block = []
        for sentence in sentences:
            block.append({"start": t, "end": t + 1200 + 40 * len(sentence), "text": sentence})
            t += 1400 + 40 * len(sentence)
        transcript.append({"speakerId": ids[line.speaker], "topic": None, "sentences": block})
    data = {"callId": f"7{n:08d}", "title": call.title, "parties": parties,
            "transcript": transcript}
    if with_account:
        data["account"] = a["name"]
        data["started"] = f"{call.day.isoformat()}T15:30:00-05:00"
    return data


@dataclass
class Placed:
    file: str
    position: int
    call: Call
    fmt: str
    linked_by: str
    turns: list[Line]


def write_all(calls: list[Call]) -> list[Placed]:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    placed: list[Placed] = []
    manifest_rows: list[list[str]] = []
    gong_list: list[Call] = []
    transcripts_batch: list[Call] = []
    pair: list[Call] = []
    special = {"crlf": 2, "bom": 2}
    cp1252_done = False
    zoom_names = 0
    styles = ["vtt_zoom", "txt_front", "srt", "gong", "vtt_teams", "txt_stamps", "md",
              "txt_plain", "manifest", "srt", "gong", "vtt_zoom"]

    def put(rel: str, text: str, call: Call, fmt: str, linked_by: str, turns,
            encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> None:
        path = OUT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.replace("\n", newline).encode(encoding, errors="strict")
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        placed.append(Placed(rel, 0, call, fmt, linked_by, turns))

    for n, call in enumerate(calls):
        a = call.account
        folder = slug(a["name"]) if n % 3 else a["name"].split(",")[0]
        turns = call.turns()
        day = call.day.isoformat()
        if call.notes:
            body = "\n".join(f"- {line.text}" for line in turns)
            text = front_matter(call, a["name"], {"author": turns[0].speaker}) + \
                f"\n# {call.title}\n\n{body}\n"
            put(f"notes/{day}-{slug(a['name'])}.md", text, call, "md", "metadata", turns)
            continue
        if a["name"] == "Harbor Freight Partners" and len(pair) < 2 and call.day.year == 2026:
            pair.append(call)
            continue
        style = styles[n % len(styles)]
        if style == "gong" and len(gong_list) < 3 and n % 2:
            gong_list.append(call)
            continue
        if style == "gong" and len(transcripts_batch) < 3 and not n % 2:
            transcripts_batch.append(call)
            continue
        if not cp1252_done and a["name"].startswith("Café"):
            call.lines.append(Line(a["ae"], "seller", "Merci Claire, I’ll send the "
                                   "€ pricing summary tonight."))
            turns = call.turns()
            text = front_matter(call, a["name"]) + txt_plain(turns, True).replace("'", "’")
            put(f"inbox/{day}-cafe-call.txt", text, call, "txt", "metadata", turns,
                encoding="cp1252")
            cp1252_done = True
            continue
        if zoom_names < 3 and style == "vtt_zoom" and a["stage"] == "Closed Won":
            zoom_names += 1
            rel = f"{folder}/GMT{call.day:%Y%m%d}-150{n % 10}00_Recording.transcript.vtt"
            put(rel, vtt_zoom(turns), call, "vtt", "path", turns)
            continue
        crlf = "\r\n" if special["crlf"] and style in ("srt", "txt_plain") else "\n"
        if crlf == "\r\n":
            special["crlf"] -= 1
        bom = bool(special["bom"]) and style in ("vtt_zoom", "txt_front")
        if bom:
            special["bom"] -= 1
        name = f"{day} {call.title.lower()}"
        if style == "vtt_zoom":
            put(f"{folder}/{name}.vtt", vtt_zoom(turns), call, "vtt", "path", turns, bom=bom)
        elif style == "vtt_teams":
            put(f"{folder}/{day.replace('-', '')}_{slug(call.title)}.vtt", vtt_teams(turns),
                call, "vtt", "path", turns)
        elif style == "srt":
            put(f"{folder}/{name}.srt", srt(turns), call, "srt", "path", turns, newline=crlf)
        elif style == "txt_stamps":
            put(f"{folder}/{name}.txt", txt_plain(turns, True), call, "txt", "path", turns)
        elif style == "txt_plain":
            put(f"{folder}/{day}_{slug(call.title)}.txt", "\n" + txt_plain(turns, False) + "\n\n",
                call, "txt", "path", turns, newline=crlf)
        elif style == "txt_front":
            extra = {"internal": f"[{', '.join(sorted({t.speaker for t in turns if t.side == 'seller'}))}]",
                     "roles": "{" + ", ".join(f"{p}: {t}" for p, t, _ in a["people"]) + "}"}
            account = "BWL" if a["name"].startswith("Brightwater") and n % 2 else a["name"]
            put(f"inbox/call-{n:04d}.txt", front_matter(call, account, extra)
                + txt_plain(turns, n % 2 == 0), call, "txt", "metadata", turns, bom=bom)
        elif style == "md":
            put(f"{folder}/{name}.md", front_matter(call, a["name"], {"author": turns[0].speaker})
                + "\n".join(f"- {t.text}" for t in turns) + "\n", call, "md", "metadata", turns)
        elif style == "manifest":
            rel = f"recordings/rec-{n:04d}.{'vtt' if n % 2 else 'srt'}"
            text = vtt_zoom(turns) if n % 2 else srt(turns)
            put(rel, text, call, "vtt" if n % 2 else "srt", "manifest", turns)
            manifest_rows.append([rel.split("/", 1)[1], a["name"].upper() if n % 4 == 1
                                  else a["name"], f"{call.day:%m/%d/%Y}", call.title])
        else:  # single gong call with metadata
            put(f"gong/{day}-{slug(a['name'])}.json",
                json.dumps(gong_call(call, turns, True, n), indent=2), call, "gong",
                "metadata", turns)

    rows = io.StringIO()
    csv.writer(rows, lineterminator="\n").writerows([["path", "account", "date", "title"],
                                                      *manifest_rows])
    (OUT / "recordings" / "conversations.csv").write_text(rows.getvalue(), encoding="utf-8")
    listing = [gong_call(c, c.turns(), True, 900 + i) for i, c in enumerate(gong_list)]
    (OUT / "gong" / "q-calls.json").write_text(json.dumps(listing, indent=2), encoding="utf-8")
    for i, c in enumerate(gong_list):
        placed.append(Placed("gong/q-calls.json", i, c, "gong", "metadata", c.turns()))
    batch = {"callTranscripts": [gong_call(c, c.turns(), True, 950 + i)
                                 for i, c in enumerate(transcripts_batch)]}
    (OUT / "gong" / "transcripts-batch.json").write_text(json.dumps(batch, indent=2),
                                                         encoding="utf-8")
    for i, c in enumerate(transcripts_batch):
        placed.append(Placed("gong/transcripts-batch.json", i, c, "gong", "metadata",
                             c.turns()))
    export = OUT / "gong" / "export-harbor"
    export.mkdir(parents=True)
    metas, scripts = [], []
    for i, c in enumerate(pair):
        full = gong_call(c, c.turns(), False, 980 + i)
        metas.append({"metaData": {"id": full["callId"], "title": c.title,
                                   "started": f"{c.day.isoformat()}T10:00:00-07:00"},
                      "parties": full["parties"]})
        scripts.append({"callId": full["callId"], "transcript": full["transcript"]})
        placed.append(Placed("gong/export-harbor/transcripts.json", i, c, "gong", "metadata",
                             c.turns()))
    (export / "calls.json").write_text(json.dumps({"calls": metas}, indent=2), encoding="utf-8")
    (export / "transcripts.json").write_text(json.dumps({"callTranscripts": scripts}, indent=2),
                                             encoding="utf-8")
    return placed


def write_setup(all_accounts: list[dict]) -> None:
    with (OUT / "accounts.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Record ID", "Company name", "Company Domain Name", "Industry",
                    "Number of Employees", "Annual Revenue", "Country/Region", "Lifecycle Stage",
                    "Deal Stage", "Create Date", "Close Date", "Go-live Date", "Churn Date", "ARR",
                    "Expansion ARR", "Tech Stack", "Segment", "Lead Source", "Company owner"])
        for a in all_accounts:
            stage = "Churned" if a["churned"] else a["stage"]
            w.writerow([
                9_100_000 + a["row"] * 37, a["name"], a["domain"], a["industry"], a["employees"],
                a["employees"] * 180_000, a["country"],
                M.LIFECYCLE.get(a["stage"], "opportunity"), stage,
                f"{a['created']} 09:{10 + a['row']:02d}", a["closed"] or "", a["live"] or "",
                a["churned"] or "", f"${a['arr']:,}" if a["arr"] and a["row"] % 3 == 0
                else (a["arr"] or ""), a["expansion"] or "", a["stack"], a["segment"],
                ["Inbound", "Outbound", "Referral", "Event"][a["row"] % 4], a["ae"],
            ])
    with (OUT / "people.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "email", "title", "account"])
        for a in all_accounts:
            for name, title, email in a["people"]:
                w.writerow([name, email, title, a["name"]])
    (OUT / "aliases.csv").write_text(
        'alias,account\nBWL,"Brightwater Logistics, Inc."\nKessler,Kessler & Sons GmbH\n',
        encoding="utf-8")
    (OUT / "team.txt").write_text(
        "# Tallyline: our side of every call\n"
        + "".join(f"{name} <{email}>\n" for name, email, _ in M.TEAM), encoding="utf-8")


def facts(all_accounts: list[dict], placed: list[Placed]) -> dict:
    rows = []
    for a in all_accounts:
        stage = {"Closed Won": "won", "Closed Lost": "lost", "": "prospect"}.get(a["stage"], "open")
        if a["churned"]:
            stage = "churned"
        ttv_days, source = None, None
        if a["stage"] == "Closed Won":
            if a["live"]:
                ttv_days, source = (a["live"] - a["closed"]).days, "crm"
            elif a["name"] in M.TTV_FROM_CONVERSATION:
                live = date.fromisoformat(M.TTV_FROM_CONVERSATION[a["name"]][2])
                ttv_days, source = (live - a["closed"]).days, "conversation"
        rows.append({"name": a["name"], "stage": stage, "ttv_days": ttv_days,
                     "ttv_source": source, "pain": a["pain"],
                     "value": (a["arr"] + a["expansion"]) or None,
                     "sales_cycle_days": (a["closed"] - a["created"]).days if a["closed"]
                     else None})
    conversations = []
    for p in placed:
        pricing, pain = [], []
        for turn in p.turns:
            parts = getattr(turn, "tags", [turn])
            for part in parts:
                # a buyer's line written into call notes is the author's paraphrase (side note)
                if part.side != "buyer" or not part.tag or p.fmt == "md":
                    continue
                if part.tag == "pricing":
                    pricing.append(part.text)
                else:
                    pain.append({"quote": part.text, "intensity": part.tag.split(":")[1]})
        conversations.append({
            "file": p.file, "position": p.position, "account": p.call.account["name"],
            "date": p.call.day.isoformat(), "format": p.fmt, "linked_by": p.linked_by,
            "turns": len(p.turns), "buyer_pricing": pricing, "buyer_pain": pain,
        })
    return {"as_of": "2026-11-25", "accounts": rows, "conversations": conversations,
            "inferred_sellers": [M.SDR], "team": [name for name, _, _ in M.TEAM]}


def main() -> None:
    rng = random.Random(20261125)
    calls, all_accounts = plan(rng)
    placed = write_all(calls)
    write_setup(all_accounts)
    FACTS.parent.mkdir(parents=True, exist_ok=True)
    FACTS.write_text(json.dumps(facts(all_accounts, placed), indent=1, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    print(f"{len(placed)} conversations in {len({p.file for p in placed})} files, "
          f"{len(all_accounts)} accounts")


if __name__ == "__main__":
    main()
