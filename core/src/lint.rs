//! Lint: findings about a whole policy.
