/**
 * Import names whose distribution on the package index has another name. A module missing from this
 * map is installed under its own name (pip treats `_` and `-` alike).
 */
export const moduleDistributions: Readonly<Record<string, string>> = {
  attr: 'attrs',
  bs4: 'beautifulsoup4',
  Crypto: 'pycryptodome',
  cv2: 'opencv-python',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  fitz: 'PyMuPDF',
  git: 'GitPython',
  google: 'protobuf',
  jose: 'python-jose',
  jwt: 'PyJWT',
  magic: 'python-magic',
  MySQLdb: 'mysqlclient',
  OpenSSL: 'pyOpenSSL',
  PIL: 'Pillow',
  pkg_resources: 'setuptools',
  psycopg2: 'psycopg2-binary',
  serial: 'pyserial',
  skimage: 'scikit-image',
  sklearn: 'scikit-learn',
  socks: 'PySocks',
  usb: 'pyusb',
  win32api: 'pywin32',
  yaml: 'PyYAML',
  zmq: 'pyzmq',
};
