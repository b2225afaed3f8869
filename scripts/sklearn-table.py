"""Reference for `scripts/bench --datasets tables`: scikit-learn's MLP with its defaults in the usual pipeline
(OneHotEncoder + SimpleImputer + StandardScaler) on one train/test split of a mixed CSV table.

Usage: sklearn-table.py TRAIN.csv TEST.csv LABEL classification|regression
Prints one line: `<accuracy or rmse> <fit seconds>`. Needs Debian's python3-sklearn and python3-pandas;
the benchmark's reference only, never a dependency of spark-mlp.
"""
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

train_path, test_path, label, task = sys.argv[1:5]
train = pd.read_csv(train_path)
test = pd.read_csv(test_path)
y_train, y_test = train.pop(label), test.pop(label)
strings = [c for c in train.columns if train[c].dtype == object or train[c].dtype == bool]
numbers = [c for c in train.columns if c not in strings]
prep = ColumnTransformer([
    ("strings", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")),
     strings),
    ("numbers", make_pipeline(SimpleImputer(), StandardScaler()), numbers),
])
model = make_pipeline(prep, MLPClassifier(random_state=0) if task == "classification" else MLPRegressor(random_state=0))
start = time.time()
model.fit(train, y_train)
seconds = time.time() - start
predicted = model.predict(test)
if task == "classification":
    score = float(np.mean(predicted == y_test.to_numpy()))
else:
    score = float(np.sqrt(np.mean((predicted - y_test.to_numpy()) ** 2)))
print(f"{score:.4f} {seconds:.1f}")
