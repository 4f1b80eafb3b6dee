// Name pools for the synthetic organisation: deliberately international (é, ø, ß, Ł, 日本), and a
// fixed list of names with DN-special characters that break tools which build DNs by string concat.

export const SITES = ['Paris', 'Lyon', 'Berlin', 'Oslo', 'Kraków', 'Tokyo', 'New York'] as const;
export const DEPARTMENTS = ['Sales', 'Finance', 'Engineering', 'HR', 'Legal', 'Support'] as const;

export const OFFICES: Record<(typeof SITES)[number], string[]> = {
  Paris: ['Paris - La Défense', 'Paris - Opéra'],
  Lyon: ['Lyon - Part-Dieu'],
  Berlin: ['Berlin - Straße des 17. Juni'],
  Oslo: ['Oslo - Bjørvika'],
  Kraków: ['Kraków - Łagiewniki'],
  Tokyo: ['東京 - 丸の内'],
  'New York': ['New York - 5th Ave'],
};

export const FIRST_NAMES = [
  'Jean',
  'Élodie',
  'Chloé',
  'Hélène',
  'François',
  'Zoë',
  'Søren',
  'Bjørn',
  'Ingrid',
  'Åsa',
  'Jürgen',
  'Jörg',
  'Grüße',
  'Łukasz',
  'Małgorzata',
  'Paweł',
  'Zofia',
  'Ola',
  'Aiko',
  '太郎',
  '花子',
  'Yuki',
  'Maria',
  'José',
  'Núria',
  'Ana',
  'Mohammed',
  'Fatima',
  'Olivia',
  'Liam',
  'Noah',
  'Emma',
  'Sven',
  'Kai',
  'Clément',
  'Inès',
  'Léa',
  'Dmitri',
  'Sinéad',
  'Seán',
  'Ørjan',
  'Ève',
] as const;

export const LAST_NAMES = [
  'Dupont',
  'Lefèvre',
  'Müller',
  'Weiß',
  'Straße',
  'Kowalski',
  'Łęcki',
  'Wróbel',
  'Sørensen',
  'Øvergaard',
  'Hansen',
  'Nakamura',
  '山田',
  '日本',
  '佐藤',
  'García',
  'Núñez',
  'Smith',
  'Johnson',
  "O'Brien",
  'Van der Berg',
  'Bernard',
  'Martin',
  'Moreau',
  'Schröder',
  'Håkansson',
  'Nowak',
  'Tanaka',
  'Silva',
  'Costa',
] as const;

/**
 * Common names carrying each RFC 4514 special character at least once, including a leading '#'
 * and a leading space. Each becomes one user in the main tree (with a password), so naive DN
 * handling shows up in tests.
 */
export const SPECIAL_NAMES = [
  'Smith, John',
  'Dupont, Marie-Hélène',
  'Ann+Bob Shared',
  'Charles "Chuck" Brown',
  'Back\\Slash User',
  '<Angle> Brackets',
  'Semi;Colon',
  'Equals=Sign',
  '#Hash Leading',
  ' Space Leading',
  'Łódź, Żółć + "Ünïcødé"',
  '日本 太郎, 東京',
] as const;

/** ASCII letters only, for sAMAccountName/mail: accents folded, other scripts dropped. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
