/** The version every bundle is built from; webpack inlines it from package.json. */
import packageJson from '../../package.json';

export const PRODUCT_VERSION: string = packageJson.version;
