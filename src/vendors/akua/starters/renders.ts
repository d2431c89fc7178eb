import { fail } from '../../../vendor/errors.js'
import { unixSeconds } from '../../../vendor/time.js'
import type { VendorContext } from '../../../vendor/types.js'
import { errors } from '../errors.js'
import { create, etagOfRevision, present, resources, save, type Resource } from '../resources.js'
import { renderFields } from '../seed.js'
import { starter, type Act, type Draft } from '../starter.js'

const summary = (ctx: VendorContext, id: unknown) => {
  const version = typeof id === 'string' ? resources(ctx, 'packageVersion').get(id) : undefined
  return version ? { id: version.id, semver: version.fields.semver } : null
}

/** `{install, render}`: the install's versions as they stand, and the render just started. */
function lifecycle({ ctx, target, made }: Act<unknown>) {
  const install = resources(ctx, 'install').get(target.id)!
  return {
    install: {
      id: install.id,
      current_version: summary(ctx, install.fields.package_version_id),
      desired_version: summary(ctx, install.hidden.desired_version_id),
      automatic_updates_enabled: false,
      updated_at: unixSeconds(install.updatedAt),
      etag: etagOfRevision(install.revision),
    },
    render: present('render', resources(ctx, 'render').get(made.render_id!)!, () => null),
  }
}

/** A render of an install, with the fields its id implies. */
export function newRender(
  ctx: VendorContext,
  install: Resource,
  r: { version: string; state: string; operationId: string; restoredFrom?: string },
) {
  const id = `rnd_${ctx.ids.token(12)}`
  const fields = renderFields({
    id,
    package_version_id: r.version,
    state: r.state,
    operation_id: r.operationId,
    restored_from_render_id: r.restoredFrom,
  })
  return create(ctx, 'render', install.workspaceId, { id, parentId: install.id, fields })
}

/** What a render deploys: a version, and the render it restores, if it does. */
interface Pick {
  version: string
  restoredFrom?: string
}

/**
 * A new render of an install, and the `install.render` operation deploying it: `:update` renders
 * another version of the same package, `:restore` an earlier deployed render again.
 */
export function rendering<B>(action: string, pick: (a: Draft<B>, install: Resource) => Pick) {
  return starter<B>({
    type: 'install.render',
    target: 'install',
    action,
    ifMatch: true,
    from: ['healthy', 'degraded', 'failed'],
    check: (a, install) => {
      if (pick(a, install!).version === install!.fields.package_version_id)
        fail(errors.inUse(`The install already runs that version; nothing to ${action}`))
    },
    prepare: (a) => {
      const { version, restoredFrom } = pick(a, a.target)
      const render = newRender(a.ctx, a.target, {
        version,
        restoredFrom,
        state: 'running',
        operationId: a.operationId,
      })
      return { render_id: render.id, version_id: version }
    },
    during: { state: 'rendering', hidden: ({ made }) => ({ desired_version_id: made.version_id }) },
    after: {
      state: 'healthy',
      fields: ({ made }) => ({ package_version_id: made.version_id }),
      hidden: () => ({ desired_version_id: null }),
    },
    // The install keeps running what it ran; the version asked for stays desired.
    failed: { fields: ({ before }) => ({ state: before!.fields.state }) },
    settled: ({ ctx, made }, state) => {
      const render = resources(ctx, 'render').get(made.render_id!)!
      const deployed = state === 'SUCCEEDED'
      const fields = deployed
        ? { ...render.fields, state: 'deployed' }
        : { ...render.fields, state: 'failed', message: `The render's operation ${state}` }
      save(ctx, 'render', { ...render, fields })
    },
    steps: ['render_manifests', 'commit_to_repository', 'sync_to_cluster'],
    metadata: ({ target }) => ({ install_id: target.id }),
    response: ({ ctx, made, target }) => {
      const render = resources(ctx, 'render').get(made.render_id!)!.fields
      return {
        install_render_id: made.render_id,
        repository_id: target.hidden.repository_id,
        commit_sha: render.commit_sha,
        render_hash: render.render_hash,
        skipped: false,
      }
    },
    answer: lifecycle,
  })
}
