"""Runs a few episodes of Q-learning."""

import tensorflow as tf

from rl import policy
from rl.agent import Agent
from rl.env import GridEnv
from rl.policy import count_episode, log_q_values, td_error, timed_forward
from rl.replay import normalize_reward, remember, sample_batch


def run_episode(agent, env, max_steps):
    state = env.reset()
    rewards = []
    for _ in range(max_steps):
        action = agent.act(state)
        next_state, reward, done = env.step(action)
        remember(state, action, reward, next_state)
        rewards.append(reward)
        state = next_state
        if done:
            break
    return tf.stack(rewards)


def train(num_episodes):
    agent = Agent(num_actions=2)
    env = GridEnv(size=5, seed=0)
    for _ in range(num_episodes):
        returns = run_episode(agent, env, max_steps=10)
        count_episode(returns)
        states, actions, rewards, next_states = sample_batch(8)
        rewards = normalize_reward(rewards)
        agent.learn(states, actions, rewards, next_states)
        q_values, seconds = timed_forward(agent.network, states)
        log_q_values(q_values)
        td_error(q_values, agent.td_targets(rewards, next_states))
        policy.decay_exploration(0.9)
    agent.set_discount(0.95)
    return agent


if __name__ == "__main__":
    tf.keras.utils.set_random_seed(0)
    train(3)
