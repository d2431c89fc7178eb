import { bindOperations, type Binding } from '../spec/bind.js'
import type { CompiledSpec } from '../spec/compile.js'
import { createMocker, type Mocker } from '../mock/prism.js'
import { responseFor, type Operation } from '../spec/operations.js'
import type { Problem, Vendor } from '../vendor/types.js'

/** One vendor as served: its code, the document it is served from, and how the two meet. */
export interface MountedVendor {
  vendor: Vendor
  /** The document served: the project's own spec, or the vendor's own (`--vendor-doc`). */
  compiled: CompiledSpec
  /** The served operations jobfake models, by the served document's operationId. */
  bound: Map<string, Binding>
  /** Answers every other operation, as prism would, from the served document. */
  mock: Mocker
  /**
   * Why an answer that breaks the served document is what the real service sends, if it is: a
   * deviation the vendor lists, or a refusal of jobfake's own pipeline with a status the document
   * does not declare for the operation (a vendor's validation error, the body limit, a fault).
   */
  deviationOf(operation: Operation, status: number, problem?: Problem['kind']): string | undefined
}

/**
 * Mounts a vendor on a document. Its routes bind to the document's operations by method and path
 * template, through the project's spec that names them (`own`, the served document itself when
 * that is the project's spec). Deviations count only where the vendor's own document is served:
 * the project's spec describes what the service really answers.
 *
 * @example
 * const mounted = mountVendor(airweave, vendorDoc, projectSpec)
 */
export function mountVendor(
  vendor: Vendor,
  compiled: CompiledSpec,
  own: CompiledSpec | undefined = compiled,
): MountedVendor & { unbound: string[] } {
  const modelled = (own ?? compiled).operations.filter((op) => vendor.routes[op.id] !== undefined)
  const { bound, unbound } = bindOperations(compiled.operations, modelled)
  const deviations = vendor.deviations ?? []
  return {
    vendor,
    compiled,
    bound,
    unbound,
    mock: createMocker(compiled.spec),
    deviationOf(operation, status, problem) {
      if (own === compiled) return undefined
      if (problem && !responseFor(operation, status))
        return `jobfake's own ${problem} answer: ${vendor.name}'s document declares no ${status} for ${operation.id}`
      const name = bound.get(operation.id)?.name
      return deviations.find(
        (d) =>
          (d.operation === '*' || d.operation === name) &&
          (d.status === undefined || d.status === status),
      )?.why
    },
  }
}

/**
 * A vendor mounted on a document that is compiled on first use (see deferredSpec): the first
 * request to the vendor, a coverage report, or the idle time after start-up (`load`), whichever
 * comes first. It reads as the mount it becomes.
 */
export class DeferredMount implements MountedVendor {
  private mounted: MountedVendor | undefined
  constructor(
    readonly vendor: Vendor,
    private compile: () => CompiledSpec,
    private own: CompiledSpec | undefined,
    private onMount: (unbound: string[]) => void,
    /** Served from a vendor's own document (which has operations that prism answers). */
    readonly document: boolean,
  ) {}

  get loaded(): boolean {
    return this.mounted !== undefined
  }
  /** Compiles the document now, if it is not yet. */
  load(): MountedVendor {
    if (this.mounted) return this.mounted
    const mounted = mountVendor(this.vendor, this.compile(), this.own)
    this.mounted = mounted
    this.onMount(mounted.unbound)
    return mounted
  }
  get compiled(): CompiledSpec {
    return (this.mounted ?? this.load()).compiled
  }
  get bound(): Map<string, Binding> {
    return (this.mounted ?? this.load()).bound
  }
  get mock(): Mocker {
    return (this.mounted ?? this.load()).mock
  }
  deviationOf(operation: Operation, status: number, problem?: Problem['kind']) {
    return (this.mounted ?? this.load()).deviationOf(operation, status, problem)
  }
}
