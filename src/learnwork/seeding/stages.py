"""The seed pipeline, in order.

Each stage is idempotent on its own: it looks at what an earlier run left and adds only what is
missing, so any tier can be re-run or extended. To grow the data set (follows, posts, reactions),
write a module with `run(ctx: SeedContext) -> StageResult`, draw its randomness from
`random.Random(f"learnwork-seed:{ctx.seed}:<stage>:<key>")` so it does not depend on tier or
on other stages, use `ctx.people` (hidden expertise and activity) and `ctx.user_ids`, and append it
here after the stages whose rows it needs.
"""

from __future__ import annotations

from learnwork.seeding import stage_follows, stage_people, stage_posts, stage_reactions
from learnwork.seeding.context import Stage

STAGES: tuple[Stage, ...] = (
    Stage("people", stage_people.run),
    Stage("follows", stage_follows.run),
    Stage("posts", stage_posts.run),
    # After follows and posts: readers react to what they follow and to posts on their goals.
    Stage("reactions", stage_reactions.run),
)
