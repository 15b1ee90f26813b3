"""Local development and `make run`: DEBUG on, demo mode on, SQLite under var/."""

from config.env import env_bool, env_int

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = env_bool("DEBUG", True)
DEMO_MODE = env_bool("KECHUANG_DEMO_MODE", True)
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 0)
VAR_DIR.mkdir(parents=True, exist_ok=True)
