"""Innovation platforms (创新平台): the registry by type and level, the dated status history
from planning to approval and the level-ups after it, and the annual evaluations (issue #16)."""
