/** Realistic Colombian reference data for the synthetic people and employers. */

export const FIRST_NAMES = [
  'Laura Camila',
  'Juan Sebastián',
  'María Fernanda',
  'Andrés Felipe',
  'Valentina',
  'Santiago',
  'Daniela',
  'Carlos Eduardo',
  'Natalia',
  'Jorge Iván',
  'Paula Andrea',
  'Luis Alejandro',
] as const;

export const LAST_NAMES = [
  'Rodríguez',
  'Gómez',
  'González',
  'Martínez',
  'García',
  'López',
  'Hernández',
  'Ramírez',
  'Sánchez',
  'Pérez',
  'Torres',
  'Castaño',
  'Restrepo',
  'Ospina',
  'Vargas',
  'Moreno',
] as const;

export const CITIES = [
  'Bogotá',
  'Medellín',
  'Cali',
  'Barranquilla',
  'Bucaramanga',
  'Pereira',
  'Cartagena',
] as const;

export const STREETS = ['Calle', 'Carrera', 'Avenida', 'Transversal', 'Diagonal'] as const;

export const EMPLOYERS = [
  {
    name: 'Distribuidora Andina de Alimentos S.A.S.',
    activity: 4631,
    description: 'COMERCIO AL POR MAYOR DE PRODUCTOS ALIMENTICIOS',
  },
  { name: 'Bancolombia S.A.', activity: 6412, description: 'BANCOS COMERCIALES' },
  {
    name: 'Almacenes Éxito S.A.',
    activity: 4711,
    description: 'COMERCIO AL POR MENOR EN ESTABLECIMIENTOS NO ESPECIALIZADOS',
  },
  {
    name: 'Constructora Capital Bogotá S.A.S.',
    activity: 4111,
    description: 'CONSTRUCCIÓN DE EDIFICIOS RESIDENCIALES',
  },
  {
    name: 'Clínica del Country S.A.',
    activity: 8610,
    description: 'ACTIVIDADES DE HOSPITALES Y CLÍNICAS, CON INTERNACIÓN',
  },
  {
    name: 'Soluciones Digitales del Pacífico S.A.S.',
    activity: 6201,
    description: 'ACTIVIDADES DE DESARROLLO DE SISTEMAS INFORMÁTICOS',
  },
  {
    name: 'Transportes Montaña Verde Ltda.',
    activity: 4923,
    description: 'TRANSPORTE DE CARGA POR CARRETERA',
  },
  {
    name: 'Café de los Andes Exportadora S.A.',
    activity: 1061,
    description: 'PROCESO DE TOSTIÓN Y MOLIENDA DEL CAFÉ',
  },
  { name: 'Colegio Nuevo Horizonte', activity: 8523, description: 'EDUCACIÓN MEDIA ACADÉMICA' },
  { name: 'Textiles del Valle S.A.S.', activity: 1312, description: 'TEJEDURÍA DE PRODUCTOS TEXTILES' },
] as const;

export const CONTRIBUTOR_CLASSES = {
  LARGE: { code: 'A', description: 'EMPRESAS CON MAS DE 200 COTIZANTES' },
  SMALL: { code: 'B', description: 'EMPRESAS CON MENOS DE 200 COTIZANTES' },
  INDEPENDENT: { code: 'I', description: 'INDEPENDIENTE' },
} as const;

export const PENSION_FUNDS = ['Porvenir', 'Protección', 'Colfondos', 'Skandia', 'Colpensiones'] as const;

export const HEALTH_PROVIDERS = [
  'Nueva EPS',
  'Sura EPS',
  'Sanitas EPS',
  'Compensar EPS',
  'Salud Total EPS',
] as const;

/** Colombia's 2026 monthly minimum wage (SMMLV), COP, rounded: salaries start here. */
export const MINIMUM_WAGE_COP = 1_423_500;
