/** The figures of one dashboard section as they arrive: loading, failed with a message, or in. */
export type Section<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly data: T };

/** What `build` makes of the section's figures once they are in; null until then. */
export function sectionView<T, V>(section: Section<T>, build: (data: T) => V): V | null {
  return section.state === 'ready' ? build(section.data) : null;
}
