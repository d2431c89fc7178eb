import type { Vendor } from '../vendor/types.js'
import { airweave } from './airweave/index.js'
import { akua } from './akua/index.js'
import { chroma } from './chroma/index.js'
import { peaka } from './peaka/index.js'

/** Every vendor jobfake fakes: the one place where vendors meet. */
export const vendors: Vendor[] = [peaka, airweave, chroma, akua]
