import { type Address } from '../../domain/user';

/**
 * An address as stored and answered: the documented fields in the documented order, optional
 * ones only when present. jsonb keeps keys in its own order, so reads pass through here too.
 */
export function addressFields(address: Address): Address {
  const { addressId, label, line1, line2, city, postalCode, country } = address;
  return {
    addressId,
    ...(label !== undefined && { label }),
    line1,
    ...(line2 !== undefined && { line2 }),
    city,
    postalCode,
    country,
  };
}
