"""Post text for seeded posts, and the fields the app derives from it.

Pure (no models, no settings): `compose(spec)` writes a post from a `TextSpec` and its own
random.Random, and `derive(body)` computes what `posts.services` stores beside a body, with the
very functions the publishing service uses (Markdown rendering, hashtags, bait, substance). Both
are picklable top-level functions, so the posts stage can fan the work out to processes.

Quality follows the author's TRUE level in the skill (hidden expertise): an expert explains
why, in steps, with a checklist or a snippet and the trade-offs; someone who is merely solid
shares a tip; a learner writes a short note of progress or a question. Bait is short,
padded, hashtag-stuffed and asks for reactions, whoever posts it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from learnwork.core.markdown import render_markdown
from learnwork.posts.bait import bait_features, bait_score
from learnwork.posts.hashtags import count_hashtags
from learnwork.posts.substance import substance

EXPERT = "expert"
SOLID = "solid"
LEARNING = "learning"
BAIT = "bait"
BANDS = (EXPERT, SOLID, LEARNING, BAIT)
# The column is a PositiveSmallIntegerField; posts.services caps it the same way.
HASHTAG_CAP = 32767


@dataclass(frozen=True)
class TextSpec:
    key: str  # seeds the text's own random.Random: same key, same text
    band: str
    level: float  # the author's true level in the skill, 1.0-5.0
    label: str
    is_knowledge: bool
    other_label: str = ""
    other_is_knowledge: bool = False
    occupation: str = ""
    years: int = 0


@dataclass(frozen=True)
class Derived:
    body: str
    body_html: str
    hashtag_count: int
    bait_score: float
    substance: float


def derive(body: str) -> Derived:
    """What posts.services stores beside a body, computed the way it computes it."""
    return Derived(
        body=body,
        body_html=render_markdown(body),
        hashtag_count=min(count_hashtags(body), HASHTAG_CAP),
        bait_score=bait_score(bait_features(body)),
        substance=substance(body),
    )


def compose_and_derive(specs: Sequence[TextSpec]) -> list[Derived]:
    """The unit of work a process pool runs: a batch of posts, written and measured."""
    return [derive(compose(spec)) for spec in specs]


def compose(spec: TextSpec) -> str:
    rng = random.Random(f"learnwork-text:{spec.key}")
    writer = {EXPERT: _expert, SOLID: _solid, LEARNING: _learning, BAIT: _bait}[spec.band]
    text = writer(rng, spec).strip()
    return text[:4900]


# --- phrasing ----------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _doing(label: str, is_knowledge: bool) -> str:
    """A phrase that follows "when you …" or "I …": 'perform data cleansing', 'use statistics'."""
    return f"work with {label}" if is_knowledge else label


def _topic(label: str, is_knowledge: bool) -> str:
    """A noun phrase: 'statistics', 'how to perform data cleansing'."""
    return label if is_knowledge else f"how to {label}"


def _tag(label: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", label)
    return "".join(w[:1].upper() + w[1:] for w in words[:3]) or "Learning"


def _pick(rng: random.Random, options: Sequence[str], k: int) -> list[str]:
    return rng.sample(list(options), min(k, len(options)))


_STEPS = (
    "Write down what a good result looks like before you start, so you can tell when you are "
    "done.",
    "Split the work into the three or four decisions that really matter and park the rest.",
    "Check the inputs first: most problems I see downstream start with a wrong assumption "
    "about what came in.",
    "Do one small real case end to end before you scale it up.",
    "Keep a short log of what went wrong and why; after a month the patterns are obvious.",
    "Ask someone who does this every day to review one piece of your work, not all of it.",
    "Compare your result with the previous one instead of judging it on its own.",
    "Name the risks out loud at the start, then decide which ones you accept.",
    "Make the routine parts a checklist so your attention goes to the unusual parts.",
    "Explain the result to someone outside the team; if you cannot, you do not understand it "
    "yet.",
    "Timebox the first attempt, then look at what you learned before going further.",
    "Measure before and after, otherwise you are guessing about the effect.",
)

_WHY = (
    "because the expensive mistakes happen before anyone notices there is a problem",
    "because the first version is always built on assumptions nobody wrote down",
    "because people remember the one time it went wrong, not the ten times it went right",
    "because the context changes faster than the documentation does",
    "because the hard part is deciding what to leave out",
)

_TRADEOFFS = (
    "The trade-off: the more thorough you are up front, the slower the first result. I accept "
    "that for anything that will be reused, and skip it for one-offs.",
    "The trade-off is time. Doing it properly takes about a third longer the first time and "
    "saves far more than that the third time.",
    "There is a trade-off between consistency and judgement here. Checklists give you the "
    "first; only practice gives you the second.",
    "Compared with the quick way, this costs an extra hour. In other words, it pays off as "
    "soon as someone else has to pick up your work.",
)

_EXAMPLES = (
    "For example, last month we caught a problem in the first hour that would otherwise have "
    "cost us a week.",
    "For example, a colleague new to it followed these steps and got it right on the second "
    "try instead of the fifth.",
    "For instance, when two of us did the same task, the one with notes finished sooner and "
    "with fewer corrections.",
)

_SOURCES = (
    "https://en.wikipedia.org/wiki/Checklist",
    "https://en.wikipedia.org/wiki/Root_cause_analysis",
    "https://en.wikipedia.org/wiki/Deliberate_practice",
    "https://en.wikipedia.org/wiki/Continual_improvement_process",
)


def _checklist(rng: random.Random, spec: TextSpec) -> str:
    items = _pick(rng, (
        "scope: what is in, what is out",
        "inputs: where they come from, who owns them",
        "quality: how we check the result",
        "risks: what could go wrong, what we do then",
        "hand-over: who needs to know, and by when",
        "review: one person, one hour, written comments",
    ), rng.randint(3, 5))
    lines = "\n".join(f"- [ ] {item}" for item in items)
    return f"```\n# {spec.label}: checklist\n{lines}\n```"


def _expert(rng: random.Random, spec: TextSpec) -> str:
    doing = _doing(spec.label, spec.is_knowledge)
    years = spec.years or rng.randint(6, 20)
    heading = rng.choice([
        f"### {_cap(_topic(spec.label, spec.is_knowledge))}: what {years} years taught me",
        (f"### A practical guide to {spec.label}" if spec.is_knowledge
         else f"### How to {spec.label}: a practical guide"),
        f"### How I {doing}, step by step",
        f"### What most guides leave out about {spec.label}",
    ])
    intro = rng.choice([
        f"People often ask me how I {doing} without it taking all week. Here's how I do it, "
        f"{rng.choice(_WHY)}.",
        f"I have taught {spec.label} to a dozen colleagues now, and the same questions come up "
        f"every time. The reason is simple: {rng.choice(_WHY)}.",
        f"Most advice on {spec.label} is either too abstract or too specific. This is what "
        f"actually works for me, {rng.choice(_WHY)}.",
    ])
    # The better the author really is, the more of the method they spell out.
    n_steps = max(2, min(5, round(spec.level - 0.5 + rng.uniform(-0.6, 0.6))))
    steps = "\n".join(f"{i}. {step}" for i, step in
                      enumerate(_pick(rng, _STEPS, n_steps), start=1))
    parts = [heading, intro, steps]
    if rng.random() < (0.6 if spec.level >= 4.6 else 0.2):
        parts.append(f"The checklist I keep next to me when I {doing}:\n\n"
                     + _checklist(rng, spec))
    if spec.other_label:
        parts.append(
            f"It also connects to {spec.other_label}: once you {doing} reliably, "
            f"{_topic(spec.other_label, spec.other_is_knowledge)} gets much easier, because "
            f"you stop fighting the basics.")
    closing = [rng.choice(_TRADEOFFS), rng.choice(_EXAMPLES)]
    parts += closing if spec.level >= 4.7 else [rng.choice(closing)]
    if rng.random() < 0.4:
        parts.append(f"Further reading: {rng.choice(_SOURCES)}")
    return "\n\n".join(parts)


def _solid(rng: random.Random, spec: TextSpec) -> str:
    doing = _doing(spec.label, spec.is_knowledge)
    opener = rng.choice([
        f"A small thing about {spec.label} that saved me time this week.",
        f"Quick tip if you {doing} regularly.",
        f"Something I wish I had known earlier about {spec.label}.",
        f"I learned this the hard way while trying to {doing} on a deadline.",
    ])
    tips = "\n".join(f"- {tip}" for tip in _pick(rng, _STEPS, rng.randint(2, 3)))
    middle = rng.choice([
        f"It works {rng.choice(_WHY)}.",
        f"Turns out this matters {rng.choice(_WHY)}.",
        "Nothing clever, but it makes the result much more predictable.",
    ])
    parts = [opener, tips, middle]
    if spec.other_label and rng.random() < 0.6:
        parts.append(f"Same goes for {spec.other_label}, in my experience.")
    if spec.level >= 3.8 and rng.random() < 0.5:
        parts.append(rng.choice(_EXAMPLES))
    return "\n\n".join(parts)


def _learning(rng: random.Random, spec: TextSpec) -> str:
    topic = _topic(spec.label, spec.is_knowledge)
    day = rng.randint(2, 60)
    parts = [rng.choice([
        f"Day {day} of learning {topic}.",
        f"Still finding my feet with {spec.label}.",
        f"Started reading up on {topic} this week.",
        f"Week {max(1, day // 7)} of getting to grips with {spec.label}.",
    ])]
    parts.append(rng.choice([
        "The basics make sense now, the edge cases not yet.",
        "Today I mostly learned how much I don't know yet.",
        "I managed a first small exercise on my own, slowly.",
        "The vocabulary was the hardest part; it is getting easier.",
    ]))
    if rng.random() < 0.6:
        parts.append(rng.choice([
            f"If you know a good beginner resource on {spec.label}, I would love to hear it.",
            "Where did it click for you, and what would you skip at the start?",
            "What was the first real task you used it for?",
        ]))
    return " ".join(parts)


_HOOKS = (
    "I rarely post, but I have to share this.",
    "Unpopular opinion:",
    "Humbled and honoured to announce something.",
    "Nobody talks about this.",
    "Let that sink in.",
    "5 years ago I was clueless.",
    "This one trick changed my life.",
    "Thrilled to announce a new chapter!",
)

_BROETRY = (
    "I failed.",
    "Then I failed again.",
    "But I kept going.",
    "Consistency beats talent.",
    "Every single time.",
    "Most people quit.",
    "Winners don't.",
    "The grind is real.",
    "Mindset is everything.",
    "Your network is your net worth.",
    "Stay hungry.",
    "Read that again.",
    "Success is a habit.",
    "Nobody is coming to save you.",
)

_ASKS = (
    "Agree? Comment YES below 👇",
    "Agree? ♻️ Repost to help your network.",
    "Thoughts? Like if you agree.",
    "Comment \"GROWTH\" and I'll send you my free guide.",
    "Tag a friend who needs to hear this. Follow for more.",
    "Who else? Drop a 🔥 below.",
)

_GENERIC_TAGS = (
    "#leadership", "#growth", "#mindset", "#success", "#motivation", "#career", "#hustle",
    "#learning", "#inspiration", "#network", "#goals", "#productivity", "#future",
)


def _bait(rng: random.Random, spec: TextSpec) -> str:
    lines = [rng.choice(_HOOKS)]
    lines.append(rng.choice([
        f"{_cap(spec.label)} is not about skills.",
        f"{_cap(spec.label)} changed everything for me.",
        f"Everyone gets {spec.label} wrong.",
        f"I learned more about {spec.label} from failing than from any course.",
    ]))
    lines += _pick(rng, _BROETRY, rng.randint(5, 8))
    lines.append(rng.choice(_ASKS))
    tags = [f"#{_tag(spec.label)}", *_pick(rng, _GENERIC_TAGS, rng.randint(5, 10))]
    rng.shuffle(tags)
    return "\n".join(lines) + "\n\n" + " ".join(tags)
