"""Each input parser on small files, including malformed ones (parse/)."""

import json
from pathlib import Path

import pytest

from ci_engine.errors import ParseError
from ci_engine.link import account_key, path_hints
from ci_engine.parse import PARSERS, detect, parse_accounts, parse_manifest, parse_team
from ci_engine.parse.textio import decode


def parse(kind, text, path="call"):
    return PARSERS[kind](text, Path(path))


def test_vtt_voice_tags_prefixes_notes_settings_and_merging():
    text = """WEBVTT
Kind: captions

NOTE recorded by the meeting tool

1
00:00:01.000 --> 00:00:04.000 align:start position:10%
<v Ann Lee>We close in twelve days.</v>

2
00:00:04.500 --> 00:00:06.000
<v Ann Lee>Sometimes fourteen.

3
00:00:06.000 --> 00:00:09.250
Bob: That's long.
Really long.

4
00:01:02.000 --> 00:01:05.000
no speaker here, continues Bob
"""
    (conversation,) = parse("vtt", text)
    turns = conversation.turns
    assert [t.speaker for t in turns] == ["Ann Lee", "Bob"]
    assert turns[0].text == "We close in twelve days. Sometimes fourteen."
    assert (turns[0].start, turns[0].end) == (1.0, 6.0)
    assert turns[1].text.endswith("Really long. no speaker here, continues Bob")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1\n00:00:01.000 --> 00:00:02.000\nAnn: hi\n", "WEBVTT"),
        ("WEBVTT\n\n1\n00:00:xx.000 --> 00:00:02.000\nAnn: hi\n", "timing"),
        ("WEBVTT\n\nNOTE nothing else\n", "no cues"),
    ],
)
def test_vtt_malformed(text, reason):
    with pytest.raises(ParseError, match=reason):
        parse("vtt", text)


def test_srt_and_its_broken_timestamp():
    (conversation,) = parse(
        "srt",
        "1\n00:00:01,000 --> 00:00:02,500\nAnn: hello\n\n2\n"
        "00:00:03,000 --> 00:00:04,000\nBob: hi there\n",
    )
    assert [(t.speaker, t.start) for t in conversation.turns] == [("Ann", 1.0), ("Bob", 3.0)]
    with pytest.raises(ParseError, match="block 1"):
        parse("srt", "1\n00:00:01,000 -> 00:00:02,500\nAnn: hello\n")


def test_txt_timestamps_continuations_front_matter():
    text = """---
account: Acme Corp
date: 2026-03-02
title: Discovery
internal: [Priya Raman]
roles: {Ann Lee: CFO}
---
[00:00:05] Priya Raman: Thanks for joining.
00:00:09 Ann Lee: Close takes us twelve days.
And the auditors keep asking why.
Note: this line is prose, not a speaker, so it continues Ann.
"""
    (c,) = parse("txt", text)
    assert (c.account, c.date, c.title, c.internal) == (
        "Acme Corp",
        "2026-03-02",
        "Discovery",
        ["Priya Raman"],
    )
    assert [(p.name, p.title) for p in c.parties] == [("Ann Lee", "CFO")]
    assert [t.speaker for t in c.turns] == ["Priya Raman", "Ann Lee"]
    assert c.turns[1].start == 9.0 and "auditors" in c.turns[1].text and "prose" in c.turns[1].text


@pytest.mark.parametrize(
    "text, reason",
    [
        ("---\naccount: [unclosed\n---\nAnn: hi\n", "YAML"),
        ("---\naccount: Acme\n", "never ends"),
        ("---\ndate: someday\n---\nAnn: hi\n", "not a date"),
        ("just prose without any speaker at all\n", "Name: text"),
    ],
)
def test_txt_malformed(text, reason):
    with pytest.raises(ParseError, match=reason):
        parse("txt", text)


def gong_call(**extra):
    return {
        "parties": [
            {"speakerId": "1", "name": "Priya", "affiliation": "Internal"},
            {
                "speakerId": "2",
                "name": "Ann",
                "emailAddress": "ann@acme.com",
                "title": "CFO",
                "affiliation": "External",
            },
        ],
        "transcript": [
            {
                "speakerId": "2",
                "sentences": [
                    {"start": 1000, "end": 2000, "text": "One."},
                    {"start": 2000, "end": 3000, "text": "Two."},
                ],
            },
            {"speakerId": "2", "sentences": [{"start": 3000, "end": 4000, "text": "Three."}]},
            {"speakerId": "1", "sentences": [{"start": 5000, "end": 6000, "text": "Four."}]},
        ],
        **extra,
    }


def test_gong_shapes_merge_sentences_of_one_turn():
    single = parse(
        "gong", json.dumps(gong_call(account="Acme", started="2026-06-03T23:30:00-07:00"))
    )
    assert single[0].date == "2026-06-03"  # the call's local date, not UTC's
    assert [t.text for t in single[0].turns] == ["One. Two. Three.", "Four."]
    assert [p.side for p in single[0].parties] == ["seller", "buyer"]
    listed = parse("gong", json.dumps([gong_call(), gong_call()]))
    assert [c.index for c in listed] == [0, 1]
    wrapped = parse("gong", json.dumps({"callTranscripts": [gong_call(callId="9")]}))
    assert wrapped[0].external_id == "9"


def test_gong_export_pair_joins_on_call_id(tmp_path):
    call = gong_call()
    (tmp_path / "calls.json").write_text(
        json.dumps(
            {
                "calls": [
                    {
                        "metaData": {
                            "id": "77",
                            "title": "Demo",
                            "started": "2026-05-01T10:00:00Z",
                        },
                        "parties": call["parties"],
                    }
                ]
            }
        )
    )
    transcripts = {"callTranscripts": [{"callId": "77", "transcript": call["transcript"]}]}
    path = tmp_path / "transcripts.json"
    path.write_text(json.dumps(transcripts))
    (c,) = PARSERS["gong"](path.read_text(), path)
    assert (c.title, c.date, c.parties[1].email) == ("Demo", "2026-05-01", "ann@acme.com")
    assert PARSERS["gong"]((tmp_path / "calls.json").read_text(), tmp_path / "calls.json") == []


@pytest.mark.parametrize(
    "text, reason",
    [
        ('{"hello": 1}', "not a call"),
        ('{"parties": [', "not valid JSON"),
        ('{"transcript": []}', "no call"),
    ],
)
def test_gong_malformed(text, reason):
    with pytest.raises(ParseError, match=reason):
        parse("gong", text)


def test_markdown_notes():
    (c,) = parse(
        "md",
        "---\naccount: Acme\ndate: 2026-01-02\nauthor: Priya Raman\n---\n"
        "# Discovery notes\n\n- **Close** takes 12 days\n- CFO signs over 50k\n\n"
        "They use [NetSuite](https://netsuite.com).\n",
    )
    assert c.title == "Discovery notes"
    assert [t.text for t in c.turns] == [
        "Close takes 12 days",
        "CFO signs over 50k",
        "They use NetSuite.",
    ]
    assert {t.speaker for t in c.turns} == {"Priya Raman"}


def test_text_decoding():
    assert decode("\ufeffAnn: café\r\nBob: ok\r\n".encode()) == "Ann: café\nBob: ok\n"
    assert decode("Ann: caf\xe9 \x80 \x92".encode("latin-1")) == "Ann: café € ’"
    with pytest.raises(ParseError, match="empty"):
        decode(b"  \n\n ")
    with pytest.raises(ParseError, match="binary"):
        decode(bytes(range(256)) * 4)


def test_accounts_csv_loose_columns_and_stages():
    hubspot = (
        "Company name,Company Domain Name,Deal Stage,Lifecycle Stage,ARR,Close Date,"
        "Tech Stack,Owner\n"
        'Acme Corp,https://www.acme.com/,Closed Won,customer,"$48,000",03/14/2026,'
        "NetSuite;Slack,Priya\nBeta Ltd,beta.io,,lead,,,,Marcus\n"
    )
    acme, beta = parse_accounts(hubspot, Path("a.csv"))
    assert (acme.stage, acme.arr, acme.closed_at, acme.tech_stack) == (
        "won",
        48000.0,
        "2026-03-14",
        ["NetSuite", "Slack"],
    )
    assert acme.attributes == {"Owner": "Priya"}
    assert beta.stage == "prospect"
    salesforce = (
        "Opportunity Name,Account Name,Stage,Amount,Close Date,Created Date\n"
        "Acme - new,Acme Corp,Closed Won,30000,2026-02-01,2025-12-01\n"
        "Acme - upsell,Acme Corp,Closed Won,12000,2026-06-01,2026-04-01\n"
        "Beta - new,Beta Ltd,Negotiation,9000,,2026-05-01\n"
    )
    acme, beta = parse_accounts(salesforce, Path("deals.csv"))
    assert (acme.stage, acme.arr, acme.closed_at, acme.first_touch) == (
        "won",
        42000.0,
        "2026-02-01",
        "2025-12-01",
    )
    assert beta.stage == "open"
    with pytest.raises(ParseError, match="same account"):
        parse_accounts("name\nAcme Corp, Inc.\nacme-corp\n", Path("dup.csv"))
    with pytest.raises(ParseError, match="no account name column"):
        parse_accounts("foo,bar\n1,2\n", Path("x.csv"))


def test_manifest_team_and_detection(tmp_path):
    rows = parse_manifest(
        "path,account,date,title\ncall-1.vtt,Acme,03/02/2026,Intro\n", Path("conversations.csv")
    )
    assert rows == {"call-1.vtt": {"account": "Acme", "date": "2026-03-02", "title": "Intro"}}
    assert parse_team("# us\nPriya Raman <priya@x.com>\n\nmarcus@x.com\nJonas\n", Path("t")) == [
        ("Priya Raman", "priya@x.com"),
        (None, "marcus@x.com"),
        ("Jonas", None),
    ]
    for name, kind in [
        ("a.vtt", "vtt"),
        ("b.srt", "srt"),
        ("c.txt", "txt"),
        ("d.json", "gong"),
        ("e.md", "md"),
        ("team.txt", "team"),
        ("conversations.csv", "manifest"),
        ("logo.png", None),
        ("README.md", None),
    ]:
        assert detect(tmp_path / name) == kind


def test_account_names_match_loosely_never_fuzzily():
    assert account_key("Acme Corp, Inc.") == account_key("acme-corp") == "acme corp"
    assert account_key("Acme") != account_key("Acme Health")
    assert account_key("Kessler & Sons GmbH") == account_key("kessler-sons-gmbh")
    assert account_key("Café Lumière Ltd") == account_key("cafe-lumiere")
    assert account_key("O'Neill Dental Group") == account_key("oneill-dental-group")
    hints = path_hints(Path("acme-corp/GMT20261012-140001_Recording.transcript.vtt"))
    assert (hints.accounts, hints.date) == (["acme-corp"], "2026-10-12")
    hints = path_hints(Path("acme-corp/2026-03-02 discovery call.txt"))
    assert (hints.date, hints.title) == ("2026-03-02", "discovery call")
