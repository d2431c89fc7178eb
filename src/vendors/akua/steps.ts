import type { StepDefinition } from './machine.js'

const system = (name: string, retryable = true): StepDefinition => ({
  name,
  execution_type: 'system',
  retryable,
  skippable: false,
})

/** The steps each kind of operation walks through, in order. */
export const STEPS: Record<'cluster.create' | 'cluster.delete', StepDefinition[]> = {
  'cluster.create': [
    system('validate_request', false),
    system('provision_network'),
    system('create_control_plane'),
    system('join_worker_nodes'),
    { name: 'install_addons', execution_type: 'system', retryable: true, skippable: true },
  ],
  'cluster.delete': [
    system('drain_workloads'),
    system('delete_worker_nodes'),
    system('delete_control_plane'),
    system('release_network'),
  ],
}
