/**
 * (class, object) keys of the advisory locks the service takes across instances, in one place so
 * no two uses share a key. The class spells "trt\0"; BullMQ's own locks use another class.
 */
export const ADVISORY_LOCKS = {
  migrations: [0x74727400, 1],
  adminTokenBootstrap: [0x74727400, 2],
  peopleAdmins: [0x74727400, 3],
  firstAdminLink: [0x74727400, 4],
  sealWitnesses: [0x74727400, 0x5ea1],
} as const satisfies Record<string, readonly [number, number]>;
