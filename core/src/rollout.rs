//! Rollout simulation: how a policy change reaches the clients.
